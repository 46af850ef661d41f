package dev.bulwark.core.mfa;

import java.util.Locale;
import java.util.Optional;

/** The second factors a user can enrol and an app's policy can accept. */
public enum FactorKind {
    /** An authenticator app's time-based codes (RFC 6238). */
    TOTP,
    /** One of the user's single-use recovery codes (NIST SP 800-63B: look-up secrets). */
    RECOVERY_CODE,
    /**
     * A code emailed for this sign-in, to a user with an email address (nothing to enrol). NIST SP 800-63B §5.1.3.1
     * does not accept email as an out-of-band channel, so it never reaches AAL2.
     */
    EMAIL_CODE,
    /**
     * A code sent by SMS to the user's phone number. NIST SP 800-63B §5.1.3.3 makes the phone network a restricted
     * authenticator (SIM swaps, SS7 interception, phishing): apps accept it only when they list it.
     */
    SMS_CODE,
    /**
     * A biometric device key: a P-256 key the app made in secure hardware with user authentication required, proven
     * by signing a challenge.
     */
    DEVICE_KEY,
    /** A WebAuthn passkey (phishing-resistant; with user verification, two factors in one). */
    PASSKEY;

    /** The name in requests and responses, such as {@code recovery_code}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FactorKind> fromValue(String value) {
        for (FactorKind kind : values()) {
            if (kind.value().equals(value)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
