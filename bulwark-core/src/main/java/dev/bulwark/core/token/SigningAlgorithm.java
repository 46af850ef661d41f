package dev.bulwark.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.bulwark.core.crypto.SignatureProvider;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The JWS algorithms Bulwark signs tokens with. */
public enum SigningAlgorithm {
    /** ECDSA P-256 with SHA-256: small, fast; Bulwark's default for access tokens. */
    ES256(JWSAlgorithm.ES256),
    /** RSASSA-PKCS1-v1_5 with SHA-256 and a 2048-bit key: the OpenID Connect default for ID tokens. */
    RS256(JWSAlgorithm.RS256),
    /** Ed25519 (RFC 8037). */
    EDDSA(JWSAlgorithm.EdDSA);

    private final JWSAlgorithm jws;

    SigningAlgorithm(JWSAlgorithm jws) {
        this.jws = jws;
    }

    public JWSAlgorithm jws() {
        return jws;
    }

    /** The JOSE name, such as {@code ES256} or {@code EdDSA}. */
    public String joseName() {
        return jws.getName();
    }

    public static Optional<SigningAlgorithm> fromJoseName(String name) {
        return Arrays.stream(values()).filter(a -> a.joseName().equalsIgnoreCase(name)
                || a.name().equals(name.toUpperCase(Locale.ROOT))).findFirst();
    }

    /** A new private key for this algorithm, with its {@code kid} set to its RFC 7638 thumbprint. */
    JWK generate() {
        try {
            JWK key = switch (this) {
                case ES256 -> new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(jws).generate();
                case RS256 -> new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(jws).generate();
                case EDDSA -> new OctetKeyPairGenerator(Curve.Ed25519).keyUse(KeyUse.SIGNATURE).algorithm(jws).generate();
            };
            String kid = key.computeThumbprint().toString();
            return switch (this) {
                case ES256 -> new com.nimbusds.jose.jwk.ECKey.Builder(key.toECKey()).keyID(kid).build();
                case RS256 -> new com.nimbusds.jose.jwk.RSAKey.Builder(key.toRSAKey()).keyID(kid).build();
                case EDDSA -> new com.nimbusds.jose.jwk.OctetKeyPair.Builder(key.toOctetKeyPair()).keyID(kid).build();
            };
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + joseName() + " key", e);
        }
    }

    /** A signer with {@code privateKey}, computing through {@code provider} (Ed25519 signs through Tink). */
    JWSSigner signer(JWK privateKey, SignatureProvider provider) {
        try {
            JWSSigner signer = switch (this) {
                case ES256 -> new ECDSASigner(provider.translate(privateKey.toECKey().toECPrivateKey()), Curve.P_256);
                case RS256 -> new RSASSASigner(provider.translate(privateKey.toRSAKey().toRSAPrivateKey()));
                case EDDSA -> new Ed25519Signer(privateKey.toOctetKeyPair());
            };
            provider.nativeProvider().ifPresent(p -> signer.getJCAContext().setProvider(p));
            return signer;
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with " + joseName(), e);
        }
    }

    JWSVerifier verifier(JWK publicKey) {
        try {
            return switch (this) {
                case ES256 -> new ECDSAVerifier(publicKey.toECKey());
                case RS256 -> new RSASSAVerifier(publicKey.toRSAKey());
                case EDDSA -> new Ed25519Verifier(publicKey.toOctetKeyPair());
            };
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot verify " + joseName(), e);
        }
    }
}
