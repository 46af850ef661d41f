package dev.bulwark.store;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.session.DeviceId;
import dev.bulwark.core.session.RefreshGeneration;
import dev.bulwark.core.session.RevocationReason;
import dev.bulwark.core.session.Session;
import dev.bulwark.core.session.SessionId;
import dev.bulwark.core.session.SessionRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbiSessionRepository implements SessionRepository {
    private static final String COLUMNS = "id, user_id, client_id, device_id, scopes, created_at, last_active_at, "
            + "auth_time, acr, amr, revoked_at, revocation_reason, dpop_jkt, refresh_generation, refreshed_at";

    private final JdbiTransactions transactions;

    JdbiSessionRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    private static final String INSERT = "INSERT INTO sessions (" + COLUMNS + ") VALUES (:id, :user, :client, "
            + ":device, :scopes, :createdAt, :lastActiveAt, :authTime, :acr, :amr, NULL, NULL, :dpopJkt, :generation, "
            + ":refreshedAt)";

    @Override
    public void insert(Session session) {
        transactions.write(handle -> bound(handle.createUpdate(INSERT), session).execute());
    }

    @Override
    public void insertAll(List<Session> sessions) {
        transactions.write(handle -> {
            PreparedBatch batch = handle.prepareBatch(INSERT);
            for (Session session : sessions) {
                bound(batch, session).add();
            }
            return batch.execute();
        });
    }

    private static <S extends SqlStatement<S>> S bound(S statement, Session session) {
        return statement
                .bind("generation", session.refresh().number())
                .bind("refreshedAt", session.refresh().issuedAt().toEpochMilli())
                .bind("dpopJkt", session.dpopJkt().orElse(null))
                .bind("id", session.id().value())
                .bind("user", session.userId().toString())
                .bind("client", session.clientId().value())
                .bind("device", session.deviceId().value())
                .bind("scopes", session.scopes().text())
                .bind("createdAt", session.createdAt().toEpochMilli())
                .bind("lastActiveAt", session.lastActiveAt().toEpochMilli())
                .bind("authTime", session.authTime().toEpochMilli())
                .bind("acr", session.acr())
                .bind("amr", Columns.joined(session.amr()));
    }

    @Override
    public Optional<Session> find(SessionId id) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM sessions WHERE id = :id")
                .bind("id", id.value()).map(JdbiSessionRepository::session).findOne());
    }

    @Override
    public void touch(SessionId id, Instant at) {
        transactions.write(handle -> handle.createUpdate("UPDATE sessions SET last_active_at = :at WHERE id = :id "
                        + "AND last_active_at < :at")
                .bind("id", id.value()).bind("at", at.toEpochMilli()).execute());
    }

    @Override
    public boolean advanceRefresh(SessionId id, long from, Instant at) {
        return transactions.write(handle -> handle.createUpdate("UPDATE sessions SET refresh_generation = :next, "
                        + "refreshed_at = :at WHERE id = :id AND refresh_generation = :from")
                .bind("id", id.value()).bind("from", from).bind("next", from + 1).bind("at", at.toEpochMilli())
                .execute() == 1);
    }

    @Override
    public boolean revoke(SessionId id, Instant at, RevocationReason reason) {
        return transactions.write(handle -> handle.createUpdate("UPDATE sessions SET revoked_at = :at, "
                        + "revocation_reason = :reason WHERE id = :id AND revoked_at IS NULL")
                .bind("id", id.value()).bind("at", at.toEpochMilli()).bind("reason", reason.name())
                .execute() == 1);
    }

    @Override
    public List<Session> unrevokedOf(UserId userId) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM sessions WHERE user_id = :user "
                        + "AND revoked_at IS NULL ORDER BY created_at DESC")
                .bind("user", userId.toString()).map(JdbiSessionRepository::session).list());
    }

    @Override
    public List<Session> unrevokedOfClient(ClientId clientId) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM sessions WHERE client_id = "
                        + ":client AND revoked_at IS NULL")
                .bind("client", clientId.value()).map(JdbiSessionRepository::session).list());
    }

    // Both deletes pick their rows by an index (sessions_revoked, sessions_client_activity) and take a few hundred at
    // a time, so a sweep never holds the writer for long.
    @Override
    public int deleteRevoked(Instant before, int most) {
        return transactions.write(handle -> handle.createUpdate("DELETE FROM sessions WHERE id IN (SELECT id FROM "
                        + "sessions WHERE revoked_at IS NOT NULL AND revoked_at < :before LIMIT :most)")
                .bind("before", before.toEpochMilli()).bind("most", most).execute());
    }

    @Override
    public int deleteUnused(ClientId clientId, Instant before, int most) {
        return transactions.write(handle -> handle.createUpdate("DELETE FROM sessions WHERE id IN (SELECT id FROM "
                        + "sessions WHERE client_id = :client AND last_active_at < :before LIMIT :most)")
                .bind("client", clientId.value()).bind("before", before.toEpochMilli()).bind("most", most)
                .execute());
    }

    private static Session session(ResultSet rs, StatementContext context) throws SQLException {
        return new Session(new SessionId(rs.getString("id")), UserId.parse(rs.getString("user_id")),
                new ClientId(rs.getString("client_id")), new DeviceId(rs.getString("device_id")),
                Scopes.of(Set.copyOf(Columns.words(rs.getString("scopes")))), Columns.instant(rs, "created_at"),
                Columns.instant(rs, "last_active_at"), Columns.instant(rs, "auth_time"), rs.getString("acr"),
                Columns.words(rs.getString("amr")), Columns.optionalInstant(rs, "revoked_at"),
                Columns.optionalText(rs, "revocation_reason").map(RevocationReason::valueOf),
                Columns.optionalText(rs, "dpop_jkt"),
                new RefreshGeneration(rs.getLong("refresh_generation"), Columns.instant(rs, "refreshed_at")));
    }
}
