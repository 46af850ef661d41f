package dev.bulwark.store;

import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.session.Device;
import dev.bulwark.core.session.DeviceId;
import dev.bulwark.core.session.DeviceRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbiDeviceRepository implements DeviceRepository {
    private static final String COLUMNS = "id, user_id, installation_id, name, model, os, app_version, first_seen, "
            + "last_seen, last_ip";

    private final JdbiTransactions transactions;

    JdbiDeviceRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<Device> find(DeviceId id) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM devices WHERE id = :id")
                .bind("id", id.value()).map(JdbiDeviceRepository::device).findOne());
    }

    @Override
    public Optional<Device> findByInstallation(UserId userId, String installationId) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM devices WHERE user_id = :user "
                        + "AND installation_id = :installation")
                .bind("user", userId.toString()).bind("installation", installationId)
                .map(JdbiDeviceRepository::device).findOne());
    }

    @Override
    public void insert(Device device) {
        transactions.write(handle -> handle.createUpdate("INSERT INTO devices (" + COLUMNS + ") VALUES (:id, :user, "
                        + ":installation, :name, :model, :os, :appVersion, :firstSeen, :lastSeen, :lastIp)")
                .bind("id", device.id().value())
                .bind("user", device.userId().toString())
                .bind("installation", device.installationId())
                .bind("name", device.name().orElse(null))
                .bind("model", device.model().orElse(null))
                .bind("os", device.os().orElse(null))
                .bind("appVersion", device.appVersion().orElse(null))
                .bind("firstSeen", device.firstSeen().toEpochMilli())
                .bind("lastSeen", device.lastSeen().toEpochMilli())
                .bind("lastIp", device.lastIp().orElse(null))
                .execute());
    }

    @Override
    public void update(Device device) {
        transactions.write(handle -> handle.createUpdate("UPDATE devices SET name = :name, model = :model, os = :os, "
                        + "app_version = :appVersion, last_seen = :lastSeen, last_ip = :lastIp WHERE id = :id")
                .bind("id", device.id().value())
                .bind("name", device.name().orElse(null))
                .bind("model", device.model().orElse(null))
                .bind("os", device.os().orElse(null))
                .bind("appVersion", device.appVersion().orElse(null))
                .bind("lastSeen", device.lastSeen().toEpochMilli())
                .bind("lastIp", device.lastIp().orElse(null))
                .execute());
    }

    @Override
    public List<Device> of(UserId userId) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM devices WHERE user_id = :user "
                        + "ORDER BY last_seen DESC")
                .bind("user", userId.toString()).map(JdbiDeviceRepository::device).list());
    }

    private static Device device(ResultSet rs, StatementContext context) throws SQLException {
        return new Device(new DeviceId(rs.getString("id")), UserId.parse(rs.getString("user_id")),
                rs.getString("installation_id"), Columns.optionalText(rs, "name"), Columns.optionalText(rs, "model"),
                Columns.optionalText(rs, "os"), Columns.optionalText(rs, "app_version"), Columns.instant(rs, "first_seen"),
                Columns.instant(rs, "last_seen"), Columns.optionalText(rs, "last_ip"));
    }
}
