package dev.bulwark.store;

import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.session.BrowserSession;
import dev.bulwark.core.session.BrowserSessionRepository;
import java.time.Instant;
import java.util.Optional;

final class JdbiBrowserSessionRepository implements BrowserSessionRepository {
    private final JdbiTransactions transactions;

    JdbiBrowserSessionRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(BrowserSession session) {
        transactions.write(handle -> handle.createUpdate("INSERT INTO browser_sessions (digest, user_id, auth_time, "
                        + "methods, created_at, expires_at) VALUES (:digest, :user, :authTime, :methods, :createdAt, "
                        + ":expiresAt)")
                .bind("digest", session.digest())
                .bind("user", session.userId().toString())
                .bind("authTime", session.authTime().toEpochMilli())
                .bind("methods", Columns.joined(session.methods()))
                .bind("createdAt", session.createdAt().toEpochMilli())
                .bind("expiresAt", session.expiresAt().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<BrowserSession> find(String digest) {
        return transactions.read(handle -> handle.createQuery("SELECT digest, user_id, auth_time, methods, created_at, "
                        + "expires_at FROM browser_sessions WHERE digest = :digest")
                .bind("digest", digest)
                .map((rs, ctx) -> new BrowserSession(rs.getString("digest"), UserId.parse(rs.getString("user_id")),
                        Columns.instant(rs, "auth_time"), Columns.words(rs.getString("methods")),
                        Columns.instant(rs, "created_at"), Columns.instant(rs, "expires_at")))
                .findOne());
    }

    @Override
    public void delete(String digest) {
        transactions.write(handle -> handle.createUpdate("DELETE FROM browser_sessions WHERE digest = :d")
                .bind("d", digest).execute());
    }

    @Override
    public void deleteAllOf(UserId userId) {
        transactions.write(handle -> handle.createUpdate("DELETE FROM browser_sessions WHERE user_id = :user")
                .bind("user", userId.toString()).execute());
    }

    @Override
    public void deleteExpired(Instant before) {
        transactions.write(handle -> handle.createUpdate("DELETE FROM browser_sessions WHERE expires_at < :before")
                .bind("before", before.toEpochMilli()).execute());
    }
}
