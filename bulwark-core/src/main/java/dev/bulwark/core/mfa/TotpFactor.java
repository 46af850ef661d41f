package dev.bulwark.core.mfa;

import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An authenticator app enrolled (or being enrolled) by a user. The seed is stored only sealed (AES-GCM under a key
 * derived from the master key, bound to the factor's id and user).
 *
 * @param sealedSeed  the seed, encrypted
 * @param confirmedAt when the user proved the app works by sending a first code; unconfirmed factors do not count
 * @param lastStep    the last time step whose code was accepted: a code is accepted once (RFC 6238 §5.2)
 */
public record TotpFactor(String id, UserId userId, byte[] sealedSeed, Totp parameters, Instant createdAt,
                         Optional<Instant> confirmedAt, Optional<Long> lastStep) {
    public TotpFactor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        sealedSeed = sealedSeed.clone();
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(confirmedAt, "confirmedAt");
        Objects.requireNonNull(lastStep, "lastStep");
    }

    @Override
    public byte[] sealedSeed() {
        return sealedSeed.clone();
    }

    public boolean confirmed() {
        return confirmedAt.isPresent();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TotpFactor other && id.equals(other.id) && userId.equals(other.userId)
                && java.util.Arrays.equals(sealedSeed, other.sealedSeed) && parameters.equals(other.parameters)
                && createdAt.equals(other.createdAt) && confirmedAt.equals(other.confirmedAt)
                && lastStep.equals(other.lastStep);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, userId);
    }

    @Override
    public String toString() {
        return "TotpFactor[" + id + ", " + userId + ", confirmed " + confirmed() + "]";
    }
}
