package dev.bulwark.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.testing.MovableClock;
import dev.bulwark.core.testing.SharedTestData;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Apple App Attest with the real sample in ../shared/testdata/app-attest (iOS 14.2, development environment), clock
 * pinned to when it was taken: the attestation and the assertion verify; each step then refuses what it must.
 */
class AppAttestVerifierTest {
    private static final String APP_ID = "6MURL8TA57.de.vincent-haupert.apple-appattest-poc";

    /** The scalar fields of each YAML document of the sample, read line by line (no YAML library in core). */
    private static List<Map<String, String>> documents() throws Exception {
        String text = Files.readString(SharedTestData.file("app-attest/ios-14.2.yaml"));
        List<Map<String, String>> documents = new java.util.ArrayList<>();
        for (String document : text.split("(?m)^---$")) {
            Map<String, String> fields = new HashMap<>();
            String block = null;
            StringBuilder blockText = new StringBuilder();
            for (String line : document.split("\n")) {
                if (block != null && line.startsWith("  ")) {
                    blockText.append(line.strip()).append('\n');
                    continue;
                }
                if (block != null) {
                    fields.put(block, blockText.toString());
                    block = null;
                    blockText.setLength(0);
                }
                int colon = line.indexOf(": ");
                if (line.endsWith(": |")) {
                    block = line.substring(0, line.length() - 3);
                } else if (colon > 0 && !line.startsWith(" ")) {
                    fields.put(line.substring(0, colon), line.substring(colon + 2).replace("'", ""));
                }
            }
            if (block != null) {
                fields.put(block, blockText.toString());
            }
            if (!fields.isEmpty()) {
                documents.add(fields);
            }
        }
        return documents;
    }

    private static Map<String, String> document(String type) throws Exception {
        return documents().stream().filter(d -> type.equals(d.get("type"))).findFirst().orElseThrow();
    }

    private static byte[] base64(String text) {
        return Base64.getDecoder().decode(text);
    }

    private static X509Certificate root() throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
                Files.readAllBytes(SharedTestData.file("app-attest/Apple_App_Attestation_Root_CA.pem"))));
    }

    private static ECPublicKey publicKey(String pem) throws Exception {
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(base64(body)));
    }

    private static AppAttestVerifier verifier(Instant at) throws Exception {
        return new AppAttestVerifier(root(), new MovableClock(at));
    }

    @Test
    void whenTheSampleAttestationIsVerifiedAtItsTimeThenItYieldsTheSamplesKey() throws Exception {
        Map<String, String> sample = document("attestation");
        Instant taken = Instant.parse(sample.get("timestamp"));

        AppAttestVerifier.Attested attested = verifier(taken).verifyAttestation(base64(sample.get("attestationBase64")),
                base64(sample.get("clientDataBase64")), base64(sample.get("keyIdBase64")), APP_ID,
                AppAttestVerifier.Environment.DEVELOPMENT);

        assertThat(attested.publicKey().getEncoded()).isEqualTo(publicKey(sample.get("publicKey")).getEncoded());
        assertThat(attested.keyId()).isEqualTo(base64(sample.get("keyIdBase64")));
        assertThat(attested.receipt()).isNotEmpty();
    }

    @Test
    void whenAnyStepOfTheAttestationFailsThenItIsRefusedNamingIt() throws Exception {
        Map<String, String> sample = document("attestation");
        Instant taken = Instant.parse(sample.get("timestamp"));
        byte[] attestation = base64(sample.get("attestationBase64"));
        byte[] clientData = base64(sample.get("clientDataBase64"));
        byte[] keyId = base64(sample.get("keyIdBase64"));
        AppAttestVerifier verifier = verifier(taken);

        refused(() -> verifier.verifyAttestation(attestation, "another challenge".getBytes(StandardCharsets.UTF_8),
                keyId, APP_ID, AppAttestVerifier.Environment.DEVELOPMENT), "nonce");
        refused(() -> verifier.verifyAttestation(attestation, clientData, new byte[32], APP_ID,
                AppAttestVerifier.Environment.DEVELOPMENT), "key identifier");
        refused(() -> verifier.verifyAttestation(attestation, clientData, keyId, "6MURL8TA57.com.example.other",
                AppAttestVerifier.Environment.DEVELOPMENT), "another app");
        refused(() -> verifier.verifyAttestation(attestation, clientData, keyId, APP_ID,
                AppAttestVerifier.Environment.PRODUCTION), "environment");
        AppAttestVerifier late = verifier(taken.plus(Duration.ofDays(3)));
        refused(() -> late.verifyAttestation(attestation, clientData, keyId, APP_ID,
                AppAttestVerifier.Environment.DEVELOPMENT), "chain");
        byte[] tampered = attestation.clone();
        tampered[tampered.length - 40] ^= 1; // inside authData: the nonce no longer matches
        refused(() -> verifier.verifyAttestation(tampered, clientData, keyId, APP_ID,
                AppAttestVerifier.Environment.DEVELOPMENT), "");
        refused(() -> verifier.verifyAttestation(new byte[] {1, 2, 3}, clientData, keyId, APP_ID,
                AppAttestVerifier.Environment.DEVELOPMENT), "");
    }

    @Test
    void whenTheSampleAssertionIsVerifiedThenItsCounterIsReturnedAndOnlyGrows() throws Exception {
        Map<String, String> sample = document("assertion");
        AppAttestVerifier verifier = verifier(Instant.parse(sample.get("timestamp")));
        byte[] assertion = base64(sample.get("assertionBase64"));
        byte[] clientData = base64(sample.get("clientDataBase64"));
        ECPublicKey key = publicKey(sample.get("publicKey"));

        assertThat(verifier.verifyAssertion(assertion, clientData, key, APP_ID, 0))
                .isEqualTo(Long.parseLong(sample.get("counter")));
        refused(() -> verifier.verifyAssertion(assertion, clientData, key, APP_ID, 1), "counter");
        refused(() -> verifier.verifyAssertion(assertion, "other".getBytes(StandardCharsets.UTF_8), key, APP_ID, 0),
                "signature");
        refused(() -> verifier.verifyAssertion(assertion, clientData, key, "6MURL8TA57.com.example.other", 0),
                "another app");
    }

    private static void refused(Runnable check, String naming) {
        assertThatThrownBy(check::run).isInstanceOf(DomainException.class).hasMessageContaining(naming);
    }
}
