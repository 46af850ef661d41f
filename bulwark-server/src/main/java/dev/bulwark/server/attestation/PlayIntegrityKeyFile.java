package dev.bulwark.server.attestation;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.device.PlayIntegrityKeys;
import dev.bulwark.server.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each app's Play Integrity response keys, from a file kept beside the master key: one line per app,
 * {@code client_id decryption_key verification_key}, both keys base64 as the Play Console shows them (the
 * AES-256 decryption key, the EC verification key in X.509 SubjectPublicKeyInfo); {@code #} starts a comment.
 * Errors name the line, never a key.
 */
public final class PlayIntegrityKeyFile {
    private PlayIntegrityKeyFile() {
    }

    public static Map<ClientId, PlayIntegrityKeys> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw problem(file + " cannot be read");
        }
        Map<ClientId, PlayIntegrityKeys> keys = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            try {
                byte[] aes = Base64.getDecoder().decode(words[1]);
                if (words.length != 3 || aes.length != 32) {
                    throw new IllegalArgumentException();
                }
                ECPublicKey verification = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(
                        new X509EncodedKeySpec(Base64.getDecoder().decode(words[2])));
                if (keys.put(new ClientId(words[0]), new PlayIntegrityKeys(new SecretKeySpec(aes, "AES"),
                        verification)) != null) {
                    throw problem(file + " line " + (i + 1) + ": a second entry for the same app");
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                if (e instanceof ConfigException config) {
                    throw config;
                }
                throw problem(file + " line " + (i + 1) + ": expected client_id, a base64 AES-256 key and a base64 "
                        + "EC public key");
            }
        }
        return Map.copyOf(keys);
    }

    private static ConfigException problem(String message) {
        return new ConfigException(List.of("device.playIntegrity.keysFile: " + message));
    }
}
