package dev.bulwark.core.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.bulwark.core.NowAndThen;
import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.DevicePolicy;
import dev.bulwark.core.app.DevicePolicy;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvents.DeviceAttested;
import dev.bulwark.core.audit.AuditEvents.DeviceRefused;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.device.AndroidKeyAttestationVerifier;
import dev.bulwark.core.device.AppAttestVerifier;
import dev.bulwark.core.device.AttestationNonces;
import dev.bulwark.core.device.CertificateChain;
import dev.bulwark.core.device.DeviceAttestation;
import dev.bulwark.core.device.DeviceAttestationRepository;
import dev.bulwark.core.device.DeviceIntegrity;
import dev.bulwark.core.device.DeviceReason;
import dev.bulwark.core.device.PlayIntegrityKeys;
import dev.bulwark.core.device.PlayIntegrityVerifier;
import dev.bulwark.core.identity.UserId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import dev.bulwark.core.token.DpopVerifier;
import java.net.URI;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import java.time.Instant;

/**
 * Device trust: verifies what an app sends to prove its device (an attested key), remembers the verdict under the
 * key's JWK thumbprint, and holds every sign-in, code exchange and refresh to the app's {@link DevicePolicy}. The
 * attested key is the app's DPoP key, so every later request re-proves that it comes from the attested device.
 */
public final class DeviceTrust {
    /** Where a device was judged, for the audit trail. */
    public enum Stage { SIGN_IN, CODE_EXCHANGE, REFRESH }

    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);
    /** Far longer than a sign-in takes (nonce 5 minutes, code 60 seconds). */
    private static final Duration UNUSED_FOR = Duration.ofDays(1);


    private final DeviceAttestationRepository attestations;
    private final AttestationNonces nonces;
    private final Optional<AndroidKeyAttestationVerifier> android;
    private final PlayIntegrityVerifier play;
    private final Optional<AppAttestVerifier> appAttest;
    private final DpopVerifier dpop;
    private final URI challengeEndpoint;
    private final NowAndThen sweeps = new NowAndThen(SWEEP_INTERVAL);
    private final Map<ClientId, PlayIntegrityKeys> playKeys;
    private final AuditTrail audit;
    private final Clock clock;

    /**
     * @param android  absent when no Android attestation roots are configured
     * @param playKeys each app's Play Integrity response keys, for the apps that use Play Integrity
     * @param appAttest absent when no App Attest root is configured
     * @param challengeEndpoint the URL of the authorization challenge endpoint, which DPoP proofs there name
     */
    public DeviceTrust(DeviceAttestationRepository attestations, AttestationNonces nonces,
                       Optional<AndroidKeyAttestationVerifier> android, PlayIntegrityVerifier play,
                       Map<ClientId, PlayIntegrityKeys> playKeys, Optional<AppAttestVerifier> appAttest,
                       DpopVerifier dpop, URI challengeEndpoint, AuditTrail audit, Clock clock) {
        this.appAttest = appAttest;
        this.dpop = dpop;
        this.challengeEndpoint = challengeEndpoint;
        this.attestations = attestations;
        this.nonces = nonces;
        this.android = android;
        this.play = play;
        this.playKeys = Map.copyOf(playKeys);
        this.audit = audit;
        this.clock = clock;
    }

    /** A nonce for the app to attest a new key with, bound to this sign-in attempt. */
    public String nonce(App client, String attempt) {
        return nonces.issue(client.clientId(), attempt);
    }

    /**
     * What an app sends to attest its device at sign-in.
     *
     * @param format   {@code android-key}: {@code evidence} is the certificate chain of the attested key (the DPoP
     *                 key), leaf first, as base64 DER certificates separated by commas, made with the nonce's ASCII
     *                 bytes as its challenge. {@code play-integrity}: the token of a classic Play Integrity request
     *                 made with {@link #playRequestNonce} as its nonce. {@code apple-appattest}: the base64
     *                 attestation object of an App Attest key, made over the client data {@link #boundClientData}
     * @param nonce    the nonce issued for this attempt
     * @param dpopProof for Play Integrity and App Attest, the request's DPoP proof, made with the key the evidence is
     *                 bound to: it proves the app holds that key
     * @param keyId    for App Attest, the key identifier (base64)
     */
    public record AttestationRequest(String format, String evidence, String nonce, Optional<String> dpopProof,
                                     Optional<String> keyId) {
        @Override
        public String toString() {
            return "AttestationRequest[" + format + "]";
        }
    }

    /**
     * Verifies an attestation and remembers its verdict under the key it vouches for.
     *
     * @throws DomainException {@code invalid_request} for a nonce or an attestation that does not check out
     */
    public DeviceAttestation attest(App client, AttestationRequest request, String attempt) {
        DeviceIntegrity.Evidence kind = Arrays.stream(DeviceIntegrity.Evidence.values())
                .filter(e -> e.format().equals(request.format())).findFirst().orElseThrow(() -> invalid(
                        "attestation_format must be android-key, play-integrity or apple-appattest."));
        if (!nonces.consume(request.nonce(), client.clientId(), attempt)) {
            throw invalid("The attestation_nonce is unknown, expired, already used or was issued for another "
                    + "sign-in; attest a new key with a new nonce.");
        }
        DevicePolicy policy = client.definition().devices();
        String thumbprint;
        DeviceIntegrity integrity;
        switch (kind) {
            case ANDROID_KEY_ATTESTATION -> {
                AndroidKeyAttestationVerifier.Verified verified = android.orElseThrow(() -> invalid(
                        "This server has no Android attestation roots configured.")).verify(
                        CertificateChain.parse(request.evidence()), request.nonce().getBytes(StandardCharsets.US_ASCII));
                thumbprint = thumbprint(verified.attestedKey());
                integrity = DeviceIntegrity.of(verified);
            }
            case PLAY_INTEGRITY -> {
                thumbprint = provenKey(request);
                PlayIntegrityKeys keys = Optional.ofNullable(playKeys.get(client.clientId()))
                        .orElseThrow(() -> invalid("This app has no Play Integrity keys configured."));
                integrity = play.verify(request.evidence(), keys, playRequestNonce(request.nonce(), thumbprint),
                        policy.androidPackage().orElseThrow(() -> invalid(
                                "This app's device policy names no android_package."))).integrity();
            }
            case APPLE_APP_ATTEST -> {
                thumbprint = provenKey(request);
                String appId = policy.iosAppId().orElseThrow(() -> invalid(
                        "This app's device policy names no ios_app_id."));
                appAttest.orElseThrow(() -> invalid("This server has no App Attest root configured."))
                        .verifyAttestation(base64(request.evidence()), boundClientData(request.nonce(), thumbprint),
                                base64(request.keyId().orElseThrow(() -> invalid("Send attestation_key_id."))), appId,
                                policy.appAttestProduction() ? AppAttestVerifier.Environment.PRODUCTION
                                        : AppAttestVerifier.Environment.DEVELOPMENT);
                integrity = DeviceIntegrity.appAttested(appId);
            }
            default -> throw new IllegalStateException("unhandled evidence " + kind);
        }
        DeviceAttestation attestation = new DeviceAttestation(thumbprint, client.clientId(), integrity,
                clock.instant());
        attestations.save(attestation);
        forgetUnusedNowAndThen(attestation.attestedAt());
        audit.record(new DeviceAttested(client.clientId(), integrity.evidence(), integrity.keyProtection(),
                integrity.bootloaderLocked().orElse(false), integrity.emulator()), Actor.ANONYMOUS);
        return attestation;
    }

    /**
     * Every few minutes, forgets attestations that no live session is bound to and that are too old to be in a
     * sign-in still under way (most attestations whose sign-in never finished, or whose sessions ended).
     */
    private void forgetUnusedNowAndThen(Instant now) {
        sweeps.run(now, () -> attestations.deleteUnused(now.minus(UNUSED_FOR)));
    }

    /** App Attest's client data: the nonce, a dot and the DPoP key's thumbprint, as ASCII. */
    public static byte[] boundClientData(String attestationNonce, String keyThumbprint) {
        return (attestationNonce + "." + keyThumbprint).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The thumbprint of the key a Play or App Attest attestation is bound to, proven by the request's DPoP proof:
     * without the proof, anyone could bind evidence of their own device to someone else's (public) key thumbprint.
     */
    private String provenKey(AttestationRequest request) {
        String proof = request.dpopProof().orElseThrow(() -> new DomainException(ErrorCode.INVALID_DPOP_PROOF,
                "Send a DPoP proof of this request made with the key the attestation is bound to."));
        return dpop.verify(proof, new DpopVerifier.Request("POST", challengeEndpoint, Optional.empty())).jkt();
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text.strip().replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw invalid("The attestation is not base64.");
        }
    }

    private static DomainException invalid(String message) {
        return new DomainException(ErrorCode.INVALID_REQUEST, message);
    }

    /**
     * Holds a request to the app's device policy for these scopes.
     *
     * @param keyThumbprint the DPoP key the request was made with, if any
     * @throws DomainException {@code device_not_trusted} with the reasons, audited
     */
    public void admit(App client, Scopes scopes, Optional<String> keyThumbprint, Optional<UserId> user,
                      Stage stage) {
        DevicePolicy policy = client.definition().devices();
        if (!policy.demandsAttestation(scopes)) {
            return; // the common case costs nothing: no lookup
        }
        List<DeviceReason> reasons = assess(client, scopes, keyThumbprint);
        if (!reasons.isEmpty()) {
            audit.record(new DeviceRefused(user, client.clientId(), stage, reasons), Actor.ANONYMOUS);
            throw new DomainException(ErrorCode.DEVICE_NOT_TRUSTED, "This device does not meet the app's device "
                    + "policy.").with(Map.of("reason", reasons.get(0).code(),
                    "reasons", reasons.stream().map(DeviceReason::code).toList()));
        }
    }

    /**
     * The nonce of the Play Integrity request: base64url(SHA-256(attestation_nonce "." key thumbprint)), so that the
     * verdict is bound both to this sign-in attempt and to the DPoP key the app will use.
     */
    public static String playRequestNonce(String attestationNonce, String keyThumbprint) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest((attestationNonce + "." + keyThumbprint).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Every reason the key's device falls short of the app's policy for these scopes (none: it meets it). */
    public List<DeviceReason> assess(App client, Scopes scopes, Optional<String> keyThumbprint) {
        Optional<DeviceAttestation> attestation = find(client, keyThumbprint);
        return client.definition().devices().assess(attestation.map(DeviceAttestation::integrity),
                attestation.map(DeviceAttestation::attestedAt), clock.instant(), scopes);
    }

    /** What is known of an attested key's device, and how it falls short of its app's policy today. */
    public record Verdict(DeviceAttestation attestation, List<DeviceReason> reasons) {
        public Verdict {
            reasons = List.copyOf(reasons);
        }
    }

    /** The verdict on the key a session is bound to, if the key was attested. */
    public Optional<Verdict> verdict(App client, Scopes scopes, Optional<String> keyThumbprint) {
        return find(client, keyThumbprint).map(attestation -> new Verdict(attestation, client.definition().devices()
                .assess(Optional.of(attestation.integrity()), Optional.of(attestation.attestedAt()), clock.instant(),
                        scopes)));
    }

    /** The attestation of the key, if it was attested for this app. */
    public Optional<DeviceAttestation> find(App client, Optional<String> keyThumbprint) {
        return keyThumbprint.flatMap(attestations::find).filter(a -> a.clientId().equals(client.clientId()));
    }

    /** RFC 7638 thumbprint of the attested key: the {@code jkt} of the DPoP proofs the app signs with it. */
    static String thumbprint(PublicKey key) {
        try {
            JWK jwk = switch (key) {
                case ECPublicKey ec when Curve.forECParameterSpec(ec.getParams()) != null ->
                        new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
                case RSAPublicKey rsa -> new RSAKey.Builder(rsa).build();
                default -> throw new DomainException(ErrorCode.INVALID_REQUEST, "The attested key cannot be used "
                        + "for DPoP.");
            };
            return jwk.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "The attested key cannot be used for DPoP.");
        }
    }
}
