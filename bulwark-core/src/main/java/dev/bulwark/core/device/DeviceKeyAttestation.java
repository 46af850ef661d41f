package dev.bulwark.core.device;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.mfa.KeyAttestation;
import dev.bulwark.core.mfa.KeyProtection;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Judges a biometric device key's Android key attestation at registration: the chain must attest exactly the key
 * being registered, with its JWK thumbprint (RFC 7638) as the attestation challenge, and the key must require user
 * authentication. The thumbprint serves as the challenge because freshness adds nothing here: an attestation
 * replayed for someone else's key registers a key the replayer cannot sign with.
 */
public final class DeviceKeyAttestation implements KeyAttestation {
    private final Optional<AndroidKeyAttestationVerifier> android;

    /** @param android absent when no Android attestation roots are configured */
    public DeviceKeyAttestation(Optional<AndroidKeyAttestationVerifier> android) {
        this.android = android;
    }

    @Override
    public KeyProtection assess(String publicJwk, Optional<String> attestation) {
        if (attestation.isEmpty()) {
            return KeyProtection.UNVERIFIED;
        }
        AndroidKeyAttestationVerifier verifier = android.orElseThrow(() -> new DomainException(
                ErrorCode.INVALID_REQUEST, "This server has no Android attestation roots configured."));
        ECKey key;
        String thumbprint;
        try {
            key = ECKey.parse(publicJwk);
            thumbprint = key.computeThumbprint().toString();
        } catch (ParseException | JOSEException e) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "The device key is not an EC JWK.");
        }
        AndroidKeyAttestationVerifier.Verified verified = verifier.verify(CertificateChain.parse(attestation.get()),
                thumbprint.getBytes(StandardCharsets.US_ASCII));
        try {
            if (!Arrays.equals(verified.attestedKey().getEncoded(), key.toECPublicKey().getEncoded())) {
                throw new DomainException(ErrorCode.INVALID_REQUEST, "The attestation is for another key.");
            }
        } catch (JOSEException e) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "The device key is not an EC JWK.");
        }
        DeviceIntegrity integrity = DeviceIntegrity.of(verified);
        if (integrity.keyProtection() != KeyProtection.UNVERIFIED && !integrity.userAuthBound()) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "The attested key can be used without the user: "
                    + "a device key must require user authentication.");
        }
        return integrity.keyProtection();
    }
}
