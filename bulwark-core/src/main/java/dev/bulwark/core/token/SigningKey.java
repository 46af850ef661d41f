package dev.bulwark.core.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token-signing key as stored: its public JWK in the clear, its private JWK sealed under a key derived from the
 * master key (AES-256-GCM, bound to the kid).
 *
 * @param state      {@link State#NEXT} keys are published but do not sign yet; {@link State#ACTIVE} keys sign;
 *                   {@link State#RETIRED} keys stay published until the tokens they signed have expired
 * @param publicJwk  the public key, JSON
 * @param sealedPrivateJwk the private key, JSON, sealed
 */
public record SigningKey(String kid, SigningAlgorithm algorithm, State state, String publicJwk, byte[] sealedPrivateJwk,
                         Instant createdAt, Optional<Instant> activatedAt, Optional<Instant> retiredAt) {

    public enum State {
        NEXT, ACTIVE, RETIRED
    }

    public SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(publicJwk, "publicJwk");
        sealedPrivateJwk = sealedPrivateJwk.clone();
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(activatedAt, "activatedAt");
        Objects.requireNonNull(retiredAt, "retiredAt");
    }

    @Override
    public byte[] sealedPrivateJwk() {
        return sealedPrivateJwk.clone();
    }

    SigningKey activate(Instant at) {
        return new SigningKey(kid, algorithm, State.ACTIVE, publicJwk, sealedPrivateJwk, createdAt, Optional.of(at),
                retiredAt);
    }

    SigningKey retire(Instant at) {
        return new SigningKey(kid, algorithm, State.RETIRED, publicJwk, sealedPrivateJwk, createdAt, activatedAt,
                Optional.of(at));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey other && kid.equals(other.kid) && state == other.state
                && activatedAt.equals(other.activatedAt) && retiredAt.equals(other.retiredAt);
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }

    @Override
    public String toString() {
        return "SigningKey[" + kid + ", " + algorithm.joseName() + ", " + state + "]";
    }
}
