package dev.bulwark.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.testing.AndroidAttestationCa;
import dev.bulwark.core.testing.AndroidAttestationCa.Description;
import dev.bulwark.core.testing.MovableClock;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every step of the Android verifier refusing a chain the test issued from its own CA, one fault at a time. */
class AndroidKeyAttestationVerifierTest {
    private static final byte[] NONCE = "nonce-issued-by-bulwark".getBytes(StandardCharsets.US_ASCII);
    private final AndroidAttestationCa ca = new AndroidAttestationCa();
    private final KeyPair deviceKey = AndroidAttestationCa.generate();
    private final AndroidKeyAttestationVerifier verifier = verifier(ca, AttestationRevocations.NONE);

    private static AndroidKeyAttestationVerifier verifier(AndroidAttestationCa ca, AttestationRevocations revoked) {
        return new AndroidKeyAttestationVerifier(List.of(ca.rootKey()), revoked, new MovableClock(Instant.now()));
    }

    private List<X509Certificate> chain(Description description) {
        return ca.chain(deviceKey, description);
    }

    @Test
    void aHealthyChainVerifiesAndSaysWhatTheDeviceIs() {
        var verified = verifier.verify(chain(Description.healthy(NONCE)), NONCE);

        AuthorizationList hardware = verified.description().hardwareEnforced();
        assertThat(verified.attestedKey()).isEqualTo(deviceKey.getPublic());
        assertThat(verified.description().attestationSecurityLevel()).isEqualTo(SecurityLevel.TRUSTED_ENVIRONMENT);
        assertThat(hardware.rootOfTrust().orElseThrow().deviceLocked()).isTrue();
        assertThat(hardware.integer(AuthorizationTag.OS_PATCH_LEVEL)).contains(202610L);
        assertThat(hardware.has(AuthorizationTag.NO_AUTH_REQUIRED)).isTrue();
        assertThat(verified.description().softwareEnforced().applicationId().orElseThrow().packageNames())
                .containsExactly("com.example.bank");
        assertThat(verified.provisioning()).isEqualTo(AndroidKeyAttestationVerifier.Provisioning.UNKNOWN);
    }

    @Test
    void step1_aChainWithoutItsIntermediateIsRefused() {
        List<X509Certificate> chain = chain(Description.healthy(NONCE));
        assertRefused(List.of(chain.get(0), chain.get(2)), "intermediates and the root");
    }

    @Test
    void step2_aChainFromAnotherRootIsRefused() {
        assertRefused(new AndroidAttestationCa().chain(deviceKey, Description.healthy(NONCE)),
                "trusted attestation root");
    }

    @Test
    void step3_aCertificateNotSignedByTheNextIsRefused() {
        List<X509Certificate> chain = chain(Description.healthy(NONCE));
        X509Certificate strangerLeaf = new AndroidAttestationCa().chain(deviceKey, Description.healthy(NONCE)).get(0);
        assertRefused(List.of(strangerLeaf, chain.get(1), chain.get(2)), "not signed by the next");
    }

    @Test
    void step4_anExpiredIntermediateIsRefusedOutsideFactoryProvisioning() {
        AndroidAttestationCa expired = new AndroidAttestationCa(Instant.now().minus(Duration.ofDays(60)),
                Instant.now().minus(Duration.ofDays(1)));
        assertThatThrownBy(() -> verifier(expired, AttestationRevocations.NONE)
                .verify(expired.chain(deviceKey, Description.healthy(NONCE)), NONCE))
                .isInstanceOf(DomainException.class).hasMessageContaining("expired");
    }

    @Test
    void step4_aCertificateSignedByTheAttestedKeyIsRefused() {
        List<X509Certificate> forged = ca.chainExtendedBy(deviceKey, chain(Description.healthy(NONCE)),
                Description.healthy(NONCE).securityLevel(2));
        assertRefused(forged, "not a certificate authority");
    }

    @Test
    void step5_aRevokedCertificateIsRefused() {
        List<X509Certificate> chain = chain(Description.healthy(NONCE));
        var list = RevocationStatusList.parse("{\"entries\":{\"" + chain.get(0).getSerialNumber().toString(16)
                + "\":{\"status\":\"SUSPENDED\"}}}");
        assertThatThrownBy(() -> verifier(ca, list).verify(chain, NONCE)).hasMessageContaining("suspended");
    }

    @Test
    void step8_anotherChallengeIsRefused() {
        assertRefused(chain(Description.healthy("another".getBytes(StandardCharsets.US_ASCII))),
                "challenge is not the expected one");
    }

    @Test
    void step9_anImportedKeyIsRefused() {
        assertRefused(chain(Description.healthy(NONCE).origin(2)), "imported");
    }

    @Test
    void aBerBooleanInTheRootOfTrustIsRefused() {
        assertRefused(chain(Description.healthy(NONCE).berTrue()), "deviceLocked is not a DER boolean");
    }

    @Test
    void anUnknownSecurityLevelIsRefused() {
        assertRefused(chain(Description.healthy(NONCE).securityLevel(7)), "unknown security level");
    }

    @Test
    void aTruncatedApplicationIdIsAMalformedExtensionNotACrash() throws Exception {
        var applicationId = new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.DERSet());
        var software = new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.DERTaggedObject(true, 709,
                new org.bouncycastle.asn1.DEROctetString(applicationId.getEncoded())));
        var description = new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
            new org.bouncycastle.asn1.ASN1Integer(300), new org.bouncycastle.asn1.ASN1Enumerated(1),
            new org.bouncycastle.asn1.ASN1Integer(300), new org.bouncycastle.asn1.ASN1Enumerated(1),
            new org.bouncycastle.asn1.DEROctetString(NONCE), new org.bouncycastle.asn1.DEROctetString(new byte[0]),
            software, new org.bouncycastle.asn1.DERSequence()});
        byte[] extension = new org.bouncycastle.asn1.DEROctetString(description.getEncoded()).getEncoded();

        assertThatThrownBy(() -> KeyDescription.parse(extension)).isInstanceOf(DomainException.class)
                .hasMessageContaining("malformed");
    }

    private void assertRefused(List<X509Certificate> chain, String message) {
        assertThatThrownBy(() -> verifier.verify(chain, NONCE)).isInstanceOf(DomainException.class)
                .hasMessageContaining(message);
    }
}
