package dev.bulwark.core.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets that must be read back (signing keys today, TOTP seeds later) with AES-256-GCM: a fresh 96-bit
 * nonce per seal, a 128-bit tag, and associated data that binds the sealed bytes to what they are for, so that a
 * value moved to another row or purpose fails to open. Output: nonce ‖ ciphertext ‖ tag.
 */
public final class AesGcmSealer {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    public AesGcmSealer(SecretBytes key, SecureRandom random) {
        if (key.length() != 32) {
            throw new IllegalArgumentException("AES-256-GCM needs a 32-byte key");
        }
        this.key = new SecretKeySpec(key.reveal(), "AES");
        this.random = random;
    }

    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = encrypt(key, nonce, plaintext, associatedData);
        return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    }

    /** @throws IllegalStateException when the bytes were altered, or sealed with another key or associated data */
    public byte[] open(byte[] sealed, byte[] associatedData) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("sealed value is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("sealed value does not open: altered, or sealed under another key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** One AES-GCM encryption with a given nonce; package-visible so that known-answer vectors can drive it. */
    static byte[] encrypt(SecretKeySpec key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }
}
