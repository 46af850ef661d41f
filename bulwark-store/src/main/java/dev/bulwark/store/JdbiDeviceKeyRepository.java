package dev.bulwark.store;

import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.mfa.DeviceKey;
import dev.bulwark.core.mfa.DeviceKeyRepository;
import dev.bulwark.core.mfa.KeyProtection;
import dev.bulwark.core.session.DeviceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbiDeviceKeyRepository implements DeviceKeyRepository {
    private static final String COLUMNS = "id, user_id, device_id, name, public_jwk, protection, created_at, "
            + "last_used_at";

    private final JdbiTransactions transactions;

    JdbiDeviceKeyRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(DeviceKey key) {
        transactions.write(handle -> handle.createUpdate("INSERT INTO device_keys (" + COLUMNS + ") VALUES (:id, "
                        + ":user, :device, :name, :jwk, :protection, :createdAt, :lastUsedAt)")
                .bind("id", key.id())
                .bind("user", key.userId().toString())
                .bind("device", key.deviceId().map(DeviceId::value).orElse(null))
                .bind("name", key.name())
                .bind("jwk", key.publicJwk())
                .bind("protection", key.protection().name())
                .bind("createdAt", key.createdAt().toEpochMilli())
                .bind("lastUsedAt", Columns.millis(key.lastUsedAt()))
                .execute());
    }

    @Override
    public Optional<DeviceKey> find(String id) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM device_keys WHERE id = :id")
                .bind("id", id).map(JdbiDeviceKeyRepository::key).findOne());
    }

    @Override
    public List<DeviceKey> of(UserId user) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM device_keys "
                        + "WHERE user_id = :user ORDER BY created_at, id")
                .bind("user", user.toString()).map(JdbiDeviceKeyRepository::key).list());
    }

    @Override
    public void touch(String id, Instant at) {
        transactions.write(handle -> handle.createUpdate("UPDATE device_keys SET last_used_at = :at WHERE id = :id")
                .bind("id", id).bind("at", at.toEpochMilli()).execute());
    }

    @Override
    public boolean delete(UserId user, String id) {
        return transactions.write(handle -> handle.createUpdate("DELETE FROM device_keys WHERE id = :id "
                        + "AND user_id = :user")
                .bind("id", id).bind("user", user.toString()).execute() == 1);
    }

    @Override
    public void saveChallenge(Challenge challenge) {
        transactions.write(handle -> {
            handle.createUpdate("DELETE FROM device_key_challenges WHERE attempt = :attempt")
                    .bind("attempt", challenge.attempt()).execute();
            return handle.createUpdate("INSERT INTO device_key_challenges (attempt, key_id, challenge, expires_at) "
                            + "VALUES (:attempt, :key, :challenge, :expiresAt)")
                    .bind("attempt", challenge.attempt())
                    .bind("key", challenge.keyId())
                    .bind("challenge", challenge.value())
                    .bind("expiresAt", challenge.expiresAt().toEpochMilli())
                    .execute();
        });
    }

    @Override
    public Optional<Challenge> takeChallenge(String attempt) {
        return transactions.write(handle -> {
            Optional<Challenge> found = handle.createQuery("SELECT attempt, key_id, challenge, expires_at "
                            + "FROM device_key_challenges WHERE attempt = :attempt")
                    .bind("attempt", attempt)
                    .map((rs, ctx) -> new Challenge(rs.getString("attempt"), rs.getString("key_id"),
                            rs.getString("challenge"), Columns.instant(rs, "expires_at")))
                    .findOne();
            // Only the request whose delete removed the row may use it: racing requests get nothing.
            boolean taken = found.isPresent() && handle.createUpdate("DELETE FROM device_key_challenges "
                    + "WHERE attempt = :attempt AND challenge = :challenge")
                    .bind("attempt", attempt).bind("challenge", found.get().value()).execute() == 1;
            return taken ? found : Optional.empty();
        });
    }

    @Override
    public void deleteExpiredChallenges(Instant before) {
        transactions.write(handle -> handle.createUpdate("DELETE FROM device_key_challenges WHERE expires_at < :before")
                .bind("before", before.toEpochMilli()).execute());
    }

    private static DeviceKey key(ResultSet rs, StatementContext context) throws SQLException {
        return new DeviceKey(rs.getString("id"), UserId.parse(rs.getString("user_id")),
                Columns.optionalText(rs, "device_id").map(DeviceId::new), rs.getString("name"),
                rs.getString("public_jwk"), KeyProtection.valueOf(rs.getString("protection")),
                Columns.instant(rs, "created_at"), Columns.optionalInstant(rs, "last_used_at"));
    }
}
