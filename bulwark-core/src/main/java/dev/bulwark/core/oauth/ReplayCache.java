package dev.bulwark.core.oauth;

import java.time.Instant;

/**
 * Port: remembers one-time values (the {@code jti} of client assertions, later of DPoP proofs) until they expire,
 * across every node, so that each can be used once.
 */
public interface ReplayCache {

    /** Records {@code key}; returns false when it was already recorded and has not expired by {@code now}. */
    boolean firstUse(String key, Instant now, Instant expiresAt);
}
