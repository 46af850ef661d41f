package dev.bulwark.core.device;

import dev.bulwark.core.testing.SharedTestData;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Android key attestation samples in ../shared/testdata/android-key-attestation, read in place. */
final class AndroidAttestationSamples {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private AndroidAttestationSamples() {
    }

    static List<X509Certificate> chain(String name) throws Exception {
        return certificates(Files.readString(SharedTestData.file("android-key-attestation/" + name + ".pem")));
    }

    static JsonNode golden(String name) throws Exception {
        return JSON.readTree(Files.readString(SharedTestData.file("android-key-attestation/" + name + ".json")));
    }

    /** roots.json: Google's RSA hardware attestation root and the 2025 P-384 root. */
    static List<PublicKey> googleRoots() throws Exception {
        List<PublicKey> roots = new ArrayList<>();
        for (JsonNode pem : JSON.readTree(Files.readString(SharedTestData.file("android-key-attestation/roots.json")))) {
            roots.addAll(certificates(pem.asString()).stream().map(X509Certificate::getPublicKey).toList());
        }
        return roots;
    }

    static List<X509Certificate> certificates(String pem) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        return factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .stream().map(X509Certificate.class::cast).toList();
    }
}
