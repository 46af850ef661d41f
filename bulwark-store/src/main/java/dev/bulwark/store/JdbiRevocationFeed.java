package dev.bulwark.store;

import dev.bulwark.core.session.RevocationFeed;
import java.time.Instant;
import java.util.List;

final class JdbiRevocationFeed implements RevocationFeed {
    private final JdbiTransactions transactions;

    JdbiRevocationFeed(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void append(Entry.Kind kind, String id, Instant revokedAt, Instant expiresAt) {
        transactions.write(handle -> handle.createUpdate("INSERT INTO revocations (kind, subject_id, revoked_at, "
                        + "expires_at) VALUES (:kind, :id, :revokedAt, :expiresAt)")
                .bind("kind", kind.name()).bind("id", id).bind("revokedAt", revokedAt.toEpochMilli())
                .bind("expiresAt", expiresAt.toEpochMilli())
                .execute());
    }

    @Override
    public List<Entry> after(long sequence, int limit) {
        return transactions.read(handle -> handle.createQuery("SELECT sequence, kind, subject_id, revoked_at, expires_at "
                        + "FROM revocations WHERE sequence > :after ORDER BY sequence LIMIT :limit")
                .bind("after", sequence).bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getLong("sequence"), Entry.Kind.valueOf(rs.getString("kind")),
                        rs.getString("subject_id"), Columns.instant(rs, "revoked_at"), Columns.instant(rs, "expires_at")))
                .list());
    }

    @Override
    public boolean tokenRevoked(String jti) {
        return transactions.read(handle -> handle.createQuery("SELECT COUNT(*) FROM revocations WHERE kind = 'TOKEN' "
                        + "AND subject_id = :jti")
                .bind("jti", jti).mapTo(Long.class).one() > 0);
    }

    @Override
    public void prune(Instant now) {
        transactions.write(handle -> handle.createUpdate("DELETE FROM revocations WHERE expires_at < :now")
                .bind("now", now.toEpochMilli()).execute());
    }
}
