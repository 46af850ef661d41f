package dev.bulwark.core.testing;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.AESEncrypter;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.bulwark.core.device.PlayIntegrityKeys;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * Play Integrity verdict tokens as Google issues them for an app (JWS ES256 inside JWE A256KW/A256GCM), made with
 * keys the test owns in place of the Play Console's.
 */
public final class PlayIntegrityTokens {
    private final byte[] aes = new byte[32];
    private final ECKey signing;

    public PlayIntegrityTokens() {
        new SecureRandom().nextBytes(aes);
        try {
            signing = new ECKeyGenerator(Curve.P_256).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public PlayIntegrityKeys keys() {
        try {
            return new PlayIntegrityKeys(new SecretKeySpec(aes, "AES"), signing.toECPublicKey());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key file line for this app, as the Play Console would give the keys. */
    public String keyFileLine(String clientId) {
        try {
            return clientId + " " + Base64.getEncoder().encodeToString(aes) + " "
                    + Base64.getEncoder().encodeToString(signing.toECPublicKey().getEncoded());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A verdict as Play reports it, with the given device verdicts and app recognition. */
    public static Map<String, Object> verdict(String nonce, String packageName, Instant requestedAt,
                                              List<String> device, String app, byte[] certificateDigest) {
        return Map.of(
                "requestDetails", Map.of("requestPackageName", packageName, "nonce", nonce,
                        "timestampMillis", Long.toString(requestedAt.toEpochMilli())),
                "appIntegrity", Map.of("appRecognitionVerdict", app, "packageName", packageName,
                        "certificateSha256Digest", List.of(Base64.getUrlEncoder().withoutPadding()
                                .encodeToString(certificateDigest)), "versionCode", "42"),
                "deviceIntegrity", Map.of("deviceRecognitionVerdict", device),
                "accountDetails", Map.of("appLicensingVerdict", "LICENSED"));
    }

    public String token(Map<String, Object> verdict) {
        return token(verdict, JWEAlgorithm.A256KW);
    }

    public String token(Map<String, Object> verdict, JWEAlgorithm algorithm) {
        try {
            JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.ES256), new Payload(verdict));
            jws.sign(new ECDSASigner(signing));
            JWEObject jwe = new JWEObject(new JWEHeader(algorithm, EncryptionMethod.A256GCM),
                    new Payload(jws.serialize()));
            jwe.encrypt(algorithm == JWEAlgorithm.A256KW ? new AESEncrypter(aes)
                    : new com.nimbusds.jose.crypto.DirectEncrypter(aes));
            return jwe.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
