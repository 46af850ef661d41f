package dev.bulwark.core.device;

import java.security.interfaces.ECPublicKey;
import javax.crypto.SecretKey;

/**
 * An app's Play Integrity response keys, from the Play Console: the AES key that decrypts its verdict tokens and the
 * EC public key that verifies their signature.
 */
public record PlayIntegrityKeys(SecretKey decryption, ECPublicKey verification) {
    @Override
    public String toString() {
        return "PlayIntegrityKeys[redacted]";
    }
}
