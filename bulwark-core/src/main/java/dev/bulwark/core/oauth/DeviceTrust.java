package dev.bulwark.core.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.DevicePolicy;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvents.DeviceAttested;
import dev.bulwark.core.audit.AuditEvents.DeviceRefused;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.device.AndroidKeyAttestationVerifier;
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
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Device trust: verifies what an app sends to prove its device (an attested key), remembers the verdict under the
 * key's JWK thumbprint, and holds every sign-in, code exchange and refresh to the app's {@link DevicePolicy}. The
 * attested key is the app's DPoP key, so every later request re-proves that it comes from the attested device.
 */
public final class DeviceTrust {
    /** Where a device was judged, for the audit trail. */
    public enum Stage { SIGN_IN, CODE_EXCHANGE, REFRESH }

    private static final Pattern THUMBPRINT = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final DeviceAttestationRepository attestations;
    private final AttestationNonces nonces;
    private final Optional<AndroidKeyAttestationVerifier> android;
    private final PlayIntegrityVerifier play;
    private final Map<ClientId, PlayIntegrityKeys> playKeys;
    private final AuditTrail audit;
    private final Clock clock;

    /**
     * @param android  absent when no Android attestation roots are configured
     * @param playKeys each app's Play Integrity response keys, for the apps that use Play Integrity
     */
    public DeviceTrust(DeviceAttestationRepository attestations, AttestationNonces nonces,
                       Optional<AndroidKeyAttestationVerifier> android, PlayIntegrityVerifier play,
                       Map<ClientId, PlayIntegrityKeys> playKeys, AuditTrail audit, Clock clock) {
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
     * Verifies an attestation and remembers its verdict under the attested key.
     *
     * @param format   {@code android-key}: {@code evidence} is the certificate chain of the attested key, leaf
     *                 first, as base64 DER certificates separated by commas. {@code play-integrity}: the Play
     *                 Integrity token of a classic request made with {@link #playRequestNonce} as its nonce
     * @param nonce    the nonce issued for this attempt; its ASCII bytes are the key attestation challenge
     * @param key      for Play Integrity, the JWK thumbprint of the DPoP key the verdict is bound to
     * @throws DomainException {@code invalid_request} for a nonce or an attestation that does not check out
     */
    public DeviceAttestation attest(App client, String format, String evidence, String nonce, Optional<String> key,
                                    String attempt) {
        DeviceIntegrity.Evidence kind = Arrays.stream(DeviceIntegrity.Evidence.values())
                .filter(e -> e.format().equals(format)).findFirst().orElseThrow(() -> new DomainException(
                        ErrorCode.INVALID_REQUEST, "attestation_format must be android-key or play-integrity."));
        if (!nonces.consume(nonce, client.clientId(), attempt)) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "The attestation_nonce is unknown, expired, already "
                    + "used or was issued for another sign-in; attest a new key with a new nonce.");
        }
        String thumbprint;
        DeviceIntegrity integrity;
        if (kind == DeviceIntegrity.Evidence.ANDROID_KEY_ATTESTATION) {
            AndroidKeyAttestationVerifier verifier = android.orElseThrow(() -> new DomainException(
                    ErrorCode.INVALID_REQUEST, "This server has no Android attestation roots configured."));
            AndroidKeyAttestationVerifier.Verified verified = verifier.verify(CertificateChain.parse(evidence),
                    nonce.getBytes(StandardCharsets.US_ASCII));
            thumbprint = thumbprint(verified.attestedKey());
            integrity = DeviceIntegrity.of(verified);
        } else {
            thumbprint = key.filter(k -> THUMBPRINT.matcher(k).matches()).orElseThrow(() -> new DomainException(
                    ErrorCode.INVALID_REQUEST, "Send attestation_key: the JWK thumbprint of the DPoP key the verdict "
                    + "is bound to."));
            PlayIntegrityKeys keys = Optional.ofNullable(playKeys.get(client.clientId())).orElseThrow(() ->
                    new DomainException(ErrorCode.INVALID_REQUEST, "This app has no Play Integrity keys configured."));
            String appPackage = client.definition().devices().androidPackage().orElseThrow(() -> new DomainException(
                    ErrorCode.INVALID_REQUEST, "This app's device policy names no android_package."));
            integrity = play.verify(evidence, keys, playRequestNonce(nonce, thumbprint), appPackage).integrity();
        }
        DeviceAttestation attestation = new DeviceAttestation(thumbprint, client.clientId(), integrity,
                clock.instant());
        attestations.save(attestation);
        audit.record(new DeviceAttested(client.clientId(), integrity.evidence(), integrity.keyProtection(),
                integrity.bootloaderLocked().orElse(false), integrity.emulator()), Actor.ANONYMOUS);
        return attestation;
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
                case ECPublicKey ec -> new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
                case RSAPublicKey rsa -> new RSAKey.Builder(rsa).build();
                default -> throw new DomainException(ErrorCode.INVALID_REQUEST, "The attested key is neither EC nor "
                        + "RSA.");
            };
            return jwk.computeThumbprint().toString();
        } catch (JOSEException | NullPointerException e) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "The attested key cannot be used for DPoP.");
        }
    }
}
