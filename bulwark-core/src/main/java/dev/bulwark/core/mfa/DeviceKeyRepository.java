package dev.bulwark.core.mfa;

import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: device keys and their pending challenges. Never returns null. */
public interface DeviceKeyRepository {

    void insert(DeviceKey key);

    Optional<DeviceKey> find(String id);

    /** The user's keys, oldest first. */
    List<DeviceKey> of(UserId user);

    void touch(String id, Instant at);

    /** Returns whether the key existed and was the user's. */
    boolean delete(UserId user, String id);

    /** A challenge issued to an attempt (a sign-in) for a key; replaces an earlier one of the same attempt. */
    record Challenge(String attempt, String keyId, String value, Instant expiresAt) {
    }

    void saveChallenge(Challenge challenge);

    /** Removes and returns the attempt's challenge: a challenge is answered at most once, even by racing requests. */
    Optional<Challenge> takeChallenge(String attempt);

    void deleteExpiredChallenges(Instant before);
}
