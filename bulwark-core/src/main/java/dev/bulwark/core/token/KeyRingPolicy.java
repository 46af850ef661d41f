package dev.bulwark.core.token;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How Bulwark keeps its signing keys.
 *
 * @param algorithms       the algorithms it keeps keys for (ES256 and RS256 by default: OpenID Connect requires RS256)
 * @param nextKeyLead      how long a next key must have been published before rotation may make it sign, so that
 *                         relying parties caching the JWKS already know it; default 1 hour
 * @param retiredRetention how long a retired key stays published: longer than any token it signed lives; default 1 day
 * @param reloadInterval   how often a node rereads the keys, to follow a rotation made elsewhere; default 30 seconds
 */
public record KeyRingPolicy(Set<SigningAlgorithm> algorithms, Duration nextKeyLead, Duration retiredRetention,
                            Duration reloadInterval) {
    public KeyRingPolicy {
        algorithms = Set.copyOf(algorithms);
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one signing algorithm is needed");
        }
        Objects.requireNonNull(nextKeyLead, "nextKeyLead");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        if (retiredRetention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("retired keys must stay published at least as long as the longest "
                    + "token lives (1 hour)");
        }
    }
}
