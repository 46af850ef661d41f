package dev.bulwark.core.device;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.AESDecrypter;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.JWSObject;
import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.mfa.KeyProtection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Google Play Integrity verdicts, decrypted and verified on Bulwark's side with the app's own keys (no call to
 * Google): the token is a JWE (A256KW, A256GCM) around a JWS (ES256) whose payload is the verdict. Checked as
 * ordered steps; the device, app and account verdicts are then mapped into a {@link DeviceIntegrity}.
 */
public final class PlayIntegrityVerifier {
    private static final int LONGEST_TOKEN = 16 * 1024;
    private static final Duration FUTURE_SKEW = Duration.ofMinutes(1);

    private final Clock clock;
    private final Duration maxAge;

    /** @param maxAge how old a verdict may be ({@code requestDetails.timestampMillis}) */
    public PlayIntegrityVerifier(Clock clock, Duration maxAge) {
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The verdict, as Play reported it. */
    public record Verdict(String packageName, Set<String> deviceRecognition, String appRecognition,
                          Optional<String> licensing, DeviceIntegrity integrity) {
    }

    /**
     * @param nonce   the nonce the app passed to Play's classic request
     * @param appPackage the app's package name, which the request must name
     * @throws DomainException {@code invalid_request} naming the step that failed
     */
    public Verdict verify(String token, PlayIntegrityKeys keys, String nonce, String appPackage) {
        if (token == null || token.isEmpty() || token.length() > LONGEST_TOKEN) {
            throw refused("The integrity token is missing or too long.");
        }
        Map<String, Object> verdict = decryptAndVerify(token, keys);                                  // steps 1-2
        Map<String, Object> request = object(verdict, "requestDetails");
        if (!equal(text(request, "nonce"), nonce)) {                                                  // step 3
            throw refused("The integrity verdict is for another nonce.");
        }
        if (!appPackage.equals(text(request, "requestPackageName"))) {                                // step 4
            throw refused("The integrity verdict was requested by another package.");
        }
        Instant requestedAt = Instant.ofEpochMilli(number(request, "timestampMillis"));               // step 5
        Instant now = clock.instant();
        if (requestedAt.isBefore(now.minus(maxAge)) || requestedAt.isAfter(now.plus(FUTURE_SKEW))) {
            throw refused("The integrity verdict is too old, or from the future.");
        }
        Map<String, Object> app = object(verdict, "appIntegrity");
        Map<String, Object> device = object(verdict, "deviceIntegrity");
        Set<String> recognition = new HashSet<>(strings(device, "deviceRecognitionVerdict"));
        String appRecognition = text(app, "appRecognitionVerdict");
        Optional<String> licensing = Optional.ofNullable(verdict.get("accountDetails"))
                .filter(Map.class::isInstance).map(details -> ((Map<?, ?>) details).get("appLicensingVerdict"))
                .filter(String.class::isInstance).map(String.class::cast);
        try {
            return new Verdict(appPackage, Set.copyOf(recognition), appRecognition, licensing,
                    integrity(recognition, appRecognition, app));
        } catch (IllegalArgumentException e) {
            throw refused("The integrity verdict's app details are malformed.");
        }
    }

    /**
     * Play vouches for the device, not for a key: key protection stays unverified. MEETS_STRONG_INTEGRITY is
     * Play's hardware-backed proof of a verified boot and a locked bootloader; MEETS_DEVICE_INTEGRITY a genuine,
     * certified device (which an unlocked bootloader fails); basic integrity alone proves neither; virtual
     * integrity is an emulator. Packages and signing certificates count only for an app Play recognises.
     */
    private static DeviceIntegrity integrity(Set<String> recognition, String appRecognition, Map<String, Object> app) {
        boolean strong = recognition.contains("MEETS_STRONG_INTEGRITY");
        boolean genuine = strong || recognition.contains("MEETS_DEVICE_INTEGRITY");
        boolean emulator = recognition.contains("MEETS_VIRTUAL_INTEGRITY");
        boolean recognised = "PLAY_RECOGNIZED".equals(appRecognition);
        Map<String, Long> packages = recognised && app.get("packageName") instanceof String name
                ? Map.of(name, app.get("versionCode") == null ? 0L : Long.parseLong(app.get("versionCode").toString()))
                : Map.of();
        Set<String> certificates = new HashSet<>();
        if (recognised) {
            for (String digest : strings(app, "certificateSha256Digest")) {
                certificates.add(HexFormat.of().formatHex(Base64.getUrlDecoder().decode(digest.replace('+', '-')
                        .replace('/', '_').replace("=", ""))));
            }
        }
        return new DeviceIntegrity(DeviceIntegrity.Evidence.PLAY_INTEGRITY, KeyProtection.UNVERIFIED,
                strong ? Optional.of(RootOfTrust.VerifiedBootState.VERIFIED) : Optional.empty(),
                genuine ? Optional.of(true) : Optional.of(false), emulator, Optional.empty(), packages, certificates,
                false);
    }

    private static Map<String, Object> decryptAndVerify(String token, PlayIntegrityKeys keys) {
        try {
            JWEObject jwe = JWEObject.parse(token);
            if (!JWEAlgorithm.A256KW.equals(jwe.getHeader().getAlgorithm())
                    || !EncryptionMethod.A256GCM.equals(jwe.getHeader().getEncryptionMethod())) {
                throw refused("The integrity token is not encrypted with A256KW and A256GCM.");
            }
            jwe.decrypt(new AESDecrypter(keys.decryption()));                                           // step 1
            JWSObject jws = JWSObject.parse(jwe.getPayload().toString());
            if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())
                    || !jws.verify(new ECDSAVerifier(keys.verification()))) {                          // step 2
                throw refused("The integrity verdict's signature does not verify with the app's key.");
            }
            return jws.getPayload().toJSONObject();
        } catch (ParseException | JOSEException | IllegalStateException e) {
            throw refused("The integrity token cannot be decrypted with the app's key.");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String name) {
        if (parent == null || !(parent.get(name) instanceof Map<?, ?> child)) {
            throw refused("The integrity verdict has no " + name + ".");
        }
        return (Map<String, Object>) child;
    }

    private static String text(Map<String, Object> parent, String name) {
        if (!(parent.get(name) instanceof String value)) {
            throw refused("The integrity verdict has no " + name + ".");
        }
        return value;
    }

    private static long number(Map<String, Object> parent, String name) {
        try {
            return Long.parseLong(String.valueOf(parent.get(name)));
        } catch (NumberFormatException e) {
            throw refused("The integrity verdict has no " + name + ".");
        }
    }

    private static List<String> strings(Map<String, Object> parent, String name) {
        if (!(parent.get(name) instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static DomainException refused(String message) {
        return new DomainException(ErrorCode.INVALID_REQUEST, message);
    }
}
