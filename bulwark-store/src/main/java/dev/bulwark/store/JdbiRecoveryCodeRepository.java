package dev.bulwark.store;

import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.mfa.RecoveryCodeRepository;
import java.time.Instant;
import java.util.List;

final class JdbiRecoveryCodeRepository implements RecoveryCodeRepository {
    private final JdbiTransactions transactions;

    JdbiRecoveryCodeRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void replace(UserId user, List<String> digests, Instant at) {
        transactions.write(handle -> {
            handle.createUpdate("DELETE FROM recovery_codes WHERE user_id = :user").bind("user", user.toString())
                    .execute();
            var batch = handle.prepareBatch("INSERT INTO recovery_codes (user_id, digest, created_at) "
                    + "VALUES (:user, :digest, :at)");
            for (String digest : digests) {
                batch.bind("user", user.toString()).bind("digest", digest).bind("at", at.toEpochMilli()).add();
            }
            return batch.execute();
        });
    }

    @Override
    public boolean use(UserId user, String digest, Instant at) {
        return transactions.write(handle -> handle.createUpdate("UPDATE recovery_codes SET used_at = :at "
                        + "WHERE user_id = :user AND digest = :digest AND used_at IS NULL")
                .bind("user", user.toString()).bind("digest", digest).bind("at", at.toEpochMilli()).execute() == 1);
    }

    @Override
    public int remaining(UserId user) {
        return transactions.read(handle -> handle.createQuery("SELECT COUNT(*) FROM recovery_codes "
                        + "WHERE user_id = :user AND used_at IS NULL")
                .bind("user", user.toString()).mapTo(Integer.class).one());
    }
}
