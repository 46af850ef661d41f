package dev.bulwark.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import dev.bulwark.core.DomainException;
import dev.bulwark.core.mfa.KeyProtection;
import dev.bulwark.core.testing.AndroidAttestationCa;
import dev.bulwark.core.testing.AndroidAttestationCa.Description;
import dev.bulwark.core.testing.MovableClock;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A biometric device key registered with an Android key attestation of exactly that key. */
class DeviceKeyAttestationTest {
    private final AndroidAttestationCa ca = new AndroidAttestationCa();
    private final DeviceKeyAttestation judge = new DeviceKeyAttestation(Optional.of(new AndroidKeyAttestationVerifier(
            List.of(ca.rootKey()), AttestationRevocations.NONE, new MovableClock(Instant.now()))));
    private final KeyPair key = AndroidAttestationCa.generate();

    private static String jwk(KeyPair pair) {
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).build().toJSONString();
    }

    private static byte[] thumbprint(KeyPair pair) throws Exception {
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).build().computeThumbprint().toString()
                .getBytes(StandardCharsets.US_ASCII);
    }

    private Optional<String> attestation(KeyPair attested, Description description) {
        return Optional.of(AndroidAttestationCa.encode(ca.chain(attested, description)));
    }

    @Test
    void aKeyAttestedInHardwareWithUserAuthenticationIsHardwareOrStrongBox() throws Exception {
        assertThat(judge.assess(jwk(key), attestation(key, Description.healthy(thumbprint(key)).requiringUserAuth())))
                .isEqualTo(KeyProtection.HARDWARE);
        assertThat(judge.assess(jwk(key), attestation(key, Description.healthy(thumbprint(key)).requiringUserAuth()
                .securityLevel(2)))).isEqualTo(KeyProtection.STRONGBOX);
        assertThat(judge.assess(jwk(key), attestation(key, Description.healthy(thumbprint(key)).requiringUserAuth()
                .securityLevel(0)))).as("software attestation proves nothing").isEqualTo(KeyProtection.UNVERIFIED);
        assertThat(judge.assess(jwk(key), Optional.empty())).isEqualTo(KeyProtection.UNVERIFIED);
    }

    @Test
    void anAttestationOfAnotherKeyForAnotherChallengeOrWithoutUserAuthenticationIsRefused() throws Exception {
        KeyPair other = AndroidAttestationCa.generate();
        assertRefused(attestation(other, Description.healthy(thumbprint(key)).requiringUserAuth()), "another key");
        assertRefused(attestation(key, Description.healthy(thumbprint(other)).requiringUserAuth()), "challenge");
        assertRefused(attestation(key, Description.healthy(thumbprint(key))), "user authentication");
        assertThatThrownBy(() -> new DeviceKeyAttestation(Optional.empty()).assess(jwk(key),
                attestation(key, Description.healthy(thumbprint(key))))).hasMessageContaining("roots");
    }

    private void assertRefused(Optional<String> attestation, String message) {
        assertThatThrownBy(() -> judge.assess(jwk(key), attestation)).isInstanceOf(DomainException.class)
                .hasMessageContaining(message);
    }
}
