package dev.bulwark.core.mfa;

import java.util.Optional;

/**
 * Port: judges a device key's attestation (an Android key attestation certificate chain) when one is registered with
 * the key ({@link dev.bulwark.core.device.DeviceKeyAttestation}). An app's device policy may
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
}
