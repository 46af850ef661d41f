package dev.bulwark.core.mfa;

import java.util.Optional;

/**
 * Port, and the hook for the device-attestation work: judges a device key's attestation (an Android key attestation
 * certificate chain, an Apple App Attest object) when one is registered with the key. An app's device policy may
 * then demand more than {@link KeyProtection#UNVERIFIED}.
 */
public interface KeyAttestation {

    /**
     * @param publicJwk   the key being registered
     * @param attestation what the app sent to prove where the key lives, if anything
     * @return what is proven
     * @throws dev.bulwark.core.DomainException {@code invalid_request} for an attestation that does not check out
     */
    KeyProtection assess(String publicJwk, Optional<String> attestation);

    /** Until attestations are verified: nothing is proven, whatever is sent. */
    KeyAttestation NOT_VERIFIED = (publicJwk, attestation) -> KeyProtection.UNVERIFIED;
}
