package dev.bulwark.server.attestation;

import dev.bulwark.server.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Android attestation trust anchors, read from a file at start: either certificates in PEM, or Google's roots
 * document (a JSON array of PEM strings, as {@code https://android.googleapis.com/attestation/root} serves it).
 * Chains are matched to the anchors by public key, so re-issues of a root need no new entry.
 */
public final class AndroidAttestationRoots {
    private AndroidAttestationRoots() {
    }

    public static List<PublicKey> read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            StringBuilder pem = new StringBuilder();
            if (text.startsWith("[")) {
                for (JsonNode entry : JsonMapper.builder().build().readTree(text)) {
                    pem.append(entry.asString()).append('\n');
                }
            } else {
                pem.append(text);
            }
            List<PublicKey> keys = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(pem.toString().getBytes(StandardCharsets.US_ASCII)))) {
                keys.add(((X509Certificate) certificate).getPublicKey());
            }
            if (keys.isEmpty()) {
                throw new ConfigException(List.of("device.android.roots: " + file + " holds no certificate"));
            }
            return List.copyOf(keys);
        } catch (IOException | CertificateException | RuntimeException e) {
            if (e instanceof ConfigException config) {
                throw config;
            }
            throw new ConfigException(List.of("device.android.roots: " + file + " is not a PEM file or a JSON array "
                    + "of PEM certificates"));
        }
    }
}
