package dev.bulwark.store;

import dev.bulwark.core.protection.ThrottleRepository;
import dev.bulwark.core.protection.ThrottleState;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Failure counters; one upsert counts atomically on both databases, whichever node asks. */
final class JdbiThrottleRepository implements ThrottleRepository {
    private final JdbiTransactions transactions;

    JdbiThrottleRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<ThrottleState> find(String key) {
        return transactions.read(handle -> select(handle, key));
    }

    @Override
    public Map<String, ThrottleState> findAll(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        return transactions.read(handle -> {
            Map<String, ThrottleState> states = new HashMap<>();
            handle.createQuery("SELECT throttle_key, failures, last_failure_at FROM credential_failures "
                            + "WHERE throttle_key IN (<keys>)")
                    .bindList("keys", List.copyOf(keys))
                    .map((rs, ctx) -> Map.entry(rs.getString("throttle_key"), new ThrottleState(rs.getInt("failures"),
                            Columns.instant(rs, "last_failure_at"))))
                    .forEach(entry -> states.put(entry.getKey(), entry.getValue()));
            return states;
        });
    }

    private static Optional<ThrottleState> select(org.jdbi.v3.core.Handle handle, String key) {
        return handle.createQuery("SELECT failures, last_failure_at FROM credential_failures WHERE throttle_key = :key")
                .bind("key", key)
                .map((rs, ctx) -> new ThrottleState(rs.getInt("failures"), Columns.instant(rs, "last_failure_at")))
                .findOne();
    }

    @Override
    public ThrottleState recordFailure(String key, Instant now, Instant windowStart, Instant forgetAt) {
        return transactions.write(handle -> {
            handle.createUpdate("INSERT INTO credential_failures (throttle_key, failures, last_failure_at, forget_at) "
                            + "VALUES (:key, 1, :now, :forgetAt) ON CONFLICT (throttle_key) DO UPDATE SET "
                            + "failures = CASE WHEN credential_failures.last_failure_at < :windowStart THEN 1 "
                            + "ELSE credential_failures.failures + 1 END, last_failure_at = :now, "
                            + "forget_at = :forgetAt")
                    .bind("key", key)
                    .bind("now", now.toEpochMilli())
                    .bind("windowStart", windowStart.toEpochMilli())
                    .bind("forgetAt", forgetAt.toEpochMilli())
                    .execute();
            return select(handle, key).orElseThrow();
        });
    }

    @Override
    public boolean clear(String key) {
        return transactions.write(handle -> handle.createUpdate("DELETE FROM credential_failures WHERE throttle_key = :key")
                .bind("key", key).execute()) > 0;
    }

    @Override
    public void deleteForgotten(Instant now) {
        transactions.write(handle -> handle.createUpdate("DELETE FROM credential_failures WHERE forget_at < :now")
                .bind("now", now.toEpochMilli()).execute());
    }
}
