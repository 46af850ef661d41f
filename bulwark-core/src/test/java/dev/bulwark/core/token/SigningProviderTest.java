package dev.bulwark.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.JWK;
import dev.bulwark.core.crypto.SignatureProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signatures from BoringSSL (Conscrypt) must be exactly as valid as the JDK's: verified by the JDK. */
class SigningProviderTest {
    private static final SignatureProvider NATIVE = SignatureProvider.select(SignatureProvider.Preference.NATIVE);

    @ParameterizedTest
    @EnumSource(SignatureProvider.Preference.class)
    void everyProviderSignsWhatTheJdkVerifies(SignatureProvider.Preference preference) throws Exception {
        SignatureProvider provider = SignatureProvider.select(preference);
        assertThat(provider.nativeProvider().isPresent()).isEqualTo(preference != SignatureProvider.Preference.JDK);
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            JWK key = algorithm.generate();
            for (int i = 0; i < 20; i++) { // ECDSA signatures are randomised: more than one
                JWSObject signed = new JWSObject(new JWSHeader(algorithm.jws()), new Payload("token " + i));
                signed.sign(algorithm.signer(key, provider));
                JWSObject parsed = JWSObject.parse(signed.serialize());
                assertThat(parsed.verify(algorithm.verifier(key.toPublicJWK()))).as(algorithm + " " + preference)
                        .isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SigningAlgorithm.class, names = {"ES256", "RS256"})
    void aNativeSignatureDoesNotVerifyUnderAnotherKeyOrForAnotherPayload(SigningAlgorithm algorithm)
            throws Exception {
        JWK key = algorithm.generate();
        JWSObject signed = new JWSObject(new JWSHeader(algorithm.jws()), new Payload("sub=alice"));
        signed.sign(algorithm.signer(key, NATIVE));
        String[] parts = signed.serialize().split("\\.");

        assertThat(JWSObject.parse(signed.serialize()).verify(algorithm.verifier(algorithm.generate().toPublicJWK())))
                .isFalse();
        String tampered = parts[0] + "." + new JWSObject(new JWSHeader(algorithm.jws()), new Payload("sub=bob"))
                .getPayload().toBase64URL() + "." + parts[2];
        assertThat(JWSObject.parse(tampered).verify(algorithm.verifier(key.toPublicJWK()))).isFalse();
    }
}
