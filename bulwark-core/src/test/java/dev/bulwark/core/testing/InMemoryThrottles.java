package dev.bulwark.core.testing;

import dev.bulwark.core.protection.ThrottleRepository;
import dev.bulwark.core.protection.ThrottleState;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Failure counters in memory, for tests of the services that count. */
public final class InMemoryThrottles implements ThrottleRepository {
    private final Map<String, ThrottleState> states = new ConcurrentHashMap<>();
    private final Map<String, Instant> forgetAts = new ConcurrentHashMap<>();

    @Override
    public Optional<ThrottleState> find(String key) {
        return Optional.ofNullable(states.get(key));
    }

    @Override
    public Map<String, ThrottleState> findAll(Collection<String> keys) {
        Map<String, ThrottleState> found = new HashMap<>();
        keys.forEach(key -> find(key).ifPresent(state -> found.put(key, state)));
        return found;
    }

    @Override
    public ThrottleState recordFailure(String key, Instant now, Instant windowStart, Instant forgetAt) {
        forgetAts.put(key, forgetAt);
        return states.compute(key, (k, old) -> old == null || old.lastFailureAt().isBefore(windowStart)
                ? new ThrottleState(1, now) : new ThrottleState(old.failures() + 1, now));
    }

    @Override
    public boolean clear(String key) {
        return states.remove(key) != null;
    }

    @Override
    public void deleteForgotten(Instant now) {
        states.keySet().removeIf(key -> forgetAts.getOrDefault(key, Instant.MAX).isBefore(now));
    }
}
