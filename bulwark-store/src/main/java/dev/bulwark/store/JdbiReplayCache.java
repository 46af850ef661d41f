package dev.bulwark.store;

import dev.bulwark.core.oauth.ReplayCache;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** The replay cache in the database, so that every node sees every use. Expired keys are removed as it goes. */
final class JdbiReplayCache implements ReplayCache {
    private final JdbiTransactions transactions;
    private final Dialect dialect;

    JdbiReplayCache(JdbiTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
    }

    @Override
    public boolean firstUse(String key, Instant at, Instant expiresAt) {
        return transactions.write(handle -> {
            long now = at.toEpochMilli();
            handle.createUpdate("DELETE FROM replay_cache WHERE cache_key = :key AND expires_at < :now")
                    .bind("key", key).bind("now", now).execute();
            if (handle.createQuery("SELECT COUNT(*) FROM replay_cache WHERE cache_key = :key").bind("key", key)
                    .mapTo(Long.class).one() > 0) {
                return false;
            }
            try {
                handle.createUpdate("INSERT INTO replay_cache (cache_key, expires_at) VALUES (:key, :expiresAt)")
                        .bind("key", key).bind("expiresAt", expiresAt.toEpochMilli()).execute();
            } catch (UnableToExecuteStatementException e) {
                if (e.getCause() instanceof SQLException failure && dialect.isUniqueViolation(failure)) {
                    return false;
                }
                throw e;
            }
            handle.createUpdate("DELETE FROM replay_cache WHERE expires_at < :now").bind("now", now).execute();
            return true;
        });
    }
}
