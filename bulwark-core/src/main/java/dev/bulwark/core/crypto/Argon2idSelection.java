package dev.bulwark.core.crypto;

import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the Argon2id implementation: native libargon2 when it loads (the fastest correct one on the
 * benchmarks), else Bouncy Castle. The outcome says why, so that the composition root can log a fallback once.
 *
 * @param implementation the chosen implementation
 * @param fallbackReason present when the preferred native implementation could not be used
 */
public record Argon2idSelection(Argon2id implementation, Optional<String> fallbackReason) {

    /** Which implementation the operator asks for. */
    public enum Preference {
        /** Native when it loads, else Bouncy Castle. */
        AUTO,
        /** Native only; failing to load it is a start-up error. */
        NATIVE,
        /** Bouncy Castle only. */
        BOUNCYCASTLE;

        public static Preference parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    public static Argon2idSelection select(Preference preference) {
        if (preference == Preference.BOUNCYCASTLE) {
            return new Argon2idSelection(new BouncyCastleArgon2id(), Optional.empty());
        }
        try {
            return new Argon2idSelection(NativeArgon2id.load(), Optional.empty());
        } catch (RuntimeException | LinkageError e) {
            if (preference == Preference.NATIVE) {
                throw new IllegalStateException("native libargon2 could not be loaded: " + e.getMessage(), e);
            }
            String reason = "native libargon2 could not be loaded (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); using the pure-Java Bouncy Castle implementation";
            return new Argon2idSelection(new BouncyCastleArgon2id(), Optional.of(reason));
        }
    }
}
