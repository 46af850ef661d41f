package dev.bulwark.core.identity;

import dev.bulwark.core.crypto.PasswordHash;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's password, stored only as its Argon2id hash.
 *
 * @param mustChange set for one-time passwords (the bootstrap administrator's, or one set by an
 *                   administrator): the next successful sign-in must choose a new password
 */
public record PasswordCredential(UserId userId, PasswordHash hash, Instant changedAt, boolean mustChange) {
    public PasswordCredential {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
