package dev.bulwark.store;

import dev.bulwark.core.crypto.PasswordHash;
import dev.bulwark.core.identity.PasswordCredential;
import dev.bulwark.core.identity.PasswordCredentialRepository;
import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class JdbiPasswordCredentialRepository implements PasswordCredentialRepository {
    private final JdbiTransactions transactions;

    JdbiPasswordCredentialRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<PasswordCredential> find(UserId userId) {
        return transactions.read(handle -> handle
                .createQuery("SELECT hash, changed_at, must_change FROM password_credentials WHERE user_id = :id")
                .bind("id", userId.toString())
                .map((rs, ctx) -> new PasswordCredential(userId, PasswordHash.parse(rs.getString("hash")),
                        Instant.ofEpochMilli(rs.getLong("changed_at")), rs.getBoolean("must_change")))
                .findOne());
    }

    @Override
    public void save(PasswordCredential credential) {
        transactions.write(handle -> handle.createUpdate("INSERT INTO password_credentials (user_id, hash, changed_at, "
                        + "must_change) VALUES (:id, :hash, :changedAt, :mustChange) ON CONFLICT (user_id) DO UPDATE SET "
                        + "hash = excluded.hash, changed_at = excluded.changed_at, must_change = excluded.must_change")
                .bind("id", credential.userId().toString())
                .bind("hash", credential.hash().encoded())
                .bind("changedAt", credential.changedAt().toEpochMilli())
                .bind("mustChange", credential.mustChange())
                .execute());
    }

    @Override
    public boolean replaceIfUnchanged(PasswordCredential expected, PasswordCredential replacement) {
        return transactions.write(handle -> handle.createUpdate("UPDATE password_credentials SET hash = :hash, "
                        + "changed_at = :changedAt, must_change = :mustChange WHERE user_id = :id AND hash = :expected")
                .bind("id", replacement.userId().toString())
                .bind("hash", replacement.hash().encoded())
                .bind("changedAt", replacement.changedAt().toEpochMilli())
                .bind("mustChange", replacement.mustChange())
                .bind("expected", expected.hash().encoded())
                .execute() == 1);
    }

    @Override
    public void retire(PasswordCredential superseded, int keep) {
        transactions.write(handle -> {
            String id = superseded.userId().toString();
            if (keep > 0) {
                handle.createUpdate("INSERT INTO password_history (user_id, hash) VALUES (:id, :hash)")
                        .bind("id", id)
                        .bind("hash", superseded.hash().encoded())
                        .execute();
            }
            return handle.createUpdate("DELETE FROM password_history WHERE user_id = :id AND id NOT IN "
                            + "(SELECT id FROM password_history WHERE user_id = :id ORDER BY id DESC LIMIT :keep)")
                    .bind("id", id)
                    .bind("keep", keep)
                    .execute();
        });
    }

    @Override
    public List<PasswordHash> history(UserId userId, int limit) {
        return transactions.read(handle -> handle
                .createQuery("SELECT hash FROM password_history WHERE user_id = :id ORDER BY id DESC LIMIT :limit")
                .bind("id", userId.toString())
                .bind("limit", limit)
                .map((rs, ctx) -> PasswordHash.parse(rs.getString("hash")))
                .list());
    }
}
