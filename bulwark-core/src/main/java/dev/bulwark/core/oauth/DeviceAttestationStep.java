package dev.bulwark.core.oauth;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.device.DeviceAttestation;
import java.util.Map;
import java.util.Optional;

/**
 * The device comes first: an app whose device policy demands attestation gets an {@code attestation_nonce} in an
 * {@code insufficient_authorization} answer, attests with it, and sends {@code attestation_format} and
 * {@code attestation} (for Play Integrity and App Attest also a {@code DPoP} proof of the request made with the
 * key the evidence is bound to, and for App Attest {@code attestation_key_id}); a device that falls short is refused
 * with {@code device_not_trusted} and its reasons before any password is tried. The key the evidence vouches for is
 * the one the app must sign its DPoP proofs with at the token endpoint.
 */
public final class DeviceAttestationStep implements ChallengeStep {
    private final DeviceTrust trust;

    public DeviceAttestationStep(DeviceTrust trust) {
        this.trust = trust;
    }

    @Override
    public Progress apply(App client, AuthSession session, ChallengeRequest request) {
        if (session.attestedKey().isPresent()) {
            return Progress.to(session);
        }
        Optional<String> evidence = request.parameter("attestation");
        if (evidence.isEmpty()) {
            if (!client.definition().devices().demandsAttestation(session.scopes())) {
                return Progress.to(session);
            }
            throw new DomainException(ErrorCode.INSUFFICIENT_AUTHORIZATION, "This app signs in on attested devices "
                    + "only: attest a new key with attestation_nonce as its challenge, send the result as "
                    + "attestation (with attestation_format), and sign DPoP proofs with that key.")
                    .with(Map.of("attestation_nonce", trust.nonce(client, session.digest())));
        }
        String nonce = request.parameter("attestation_nonce").orElseThrow(() -> new DomainException(
                ErrorCode.INVALID_REQUEST, "Send the attestation_nonce the attestation was made with."));
        DeviceAttestation attested = trust.attest(client, new DeviceTrust.AttestationRequest(
                request.parameter("attestation_format").orElse(""), evidence.get(), nonce,
                request.dpopProof(), request.parameter("attestation_key_id")), session.digest());
        trust.admit(client, session.scopes(), Optional.of(attested.keyThumbprint()), session.userId(),
                DeviceTrust.Stage.SIGN_IN);
        return Progress.to(session.attested(attested.keyThumbprint()));
    }
}
