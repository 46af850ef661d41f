package dev.bulwark.core.mfa;

import java.util.Objects;
import java.util.Set;

/**
 * The relying party's WebAuthn settings.
 *
 * @param rpId                     the RP ID: the domain passkeys are scoped to (the host of the public URL by default)
 * @param rpName                   shown by authenticators
 * @param origins                  where ceremonies may come from: the web origin, and native apps' origins (Android:
 *                                 {@code android:apk-key-hash:…}; iOS apps use the web origin of their associated
 *                                 domain)
 * @param userVerificationRequired default true: the passkey must verify its user (biometric or PIN)
 * @param directAttestation        ask for attestation statements (checked for integrity; provenance needs trust
 *                                 anchors, not configured yet) rather than {@code none}
 * @param refuseCounterRegression  refuse an assertion whose signature counter did not grow (a cloned authenticator?);
 *                                 false records it in the audit trail and accepts
 */
public record PasskeyPolicy(String rpId, String rpName, Set<String> origins, boolean userVerificationRequired,
                            boolean directAttestation, boolean refuseCounterRegression) {
    public PasskeyPolicy {
        Objects.requireNonNull(rpId, "rpId");
        Objects.requireNonNull(rpName, "rpName");
        origins = Set.copyOf(origins);
    }
}
