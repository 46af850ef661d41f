package dev.bulwark.core.protection;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Port: failure counters shared by every node, so that an attacker gains nothing by spreading over nodes. */
public interface ThrottleRepository {

    Optional<ThrottleState> find(String key);

    /** The states of several keys in one read; keys without failures are absent. */
    Map<String, ThrottleState> findAll(Collection<String> keys);

    /**
     * Counts one failure, atomically: the count restarts at one when the latest failure is older than
     * {@code windowStart}.
     *
     * @param forgetAt when the count may be forgotten unless another failure comes first
     * @return the state after counting
     */
    ThrottleState recordFailure(String key, Instant now, Instant windowStart, Instant forgetAt);

    /** @return whether there was anything to clear */
    boolean clear(String key);

    /** Forgets the counters whose time to be forgotten has come by {@code now}. */
    void deleteForgotten(Instant now);
}
