package dev.bulwark.core.mfa;

import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: passkeys and the ceremonies' pending challenges. Never returns null. */
public interface PasskeyRepository {

    void insert(Passkey passkey);

    Optional<Passkey> find(String credentialId);

    List<Passkey> of(UserId user);

    /** Records a use: the new signature counter and flags. */
    void used(String credentialId, long signCount, boolean backupState, Instant at);

    boolean delete(UserId user, String credentialId);

    /**
     * A ceremony's challenge.
     *
     * @param key    what the ceremony is bound to: a registration (the user) or a sign-in (its auth session)
     * @param userId for registrations, the user registering
     */
    record Challenge(String key, Optional<UserId> userId, String value, Instant expiresAt) {
    }

    void saveChallenge(Challenge challenge);

    /** Removes and returns the challenge: each is answered at most once, even by racing requests. */
    Optional<Challenge> takeChallenge(String key);

    void deleteExpiredChallenges(Instant before);
}
