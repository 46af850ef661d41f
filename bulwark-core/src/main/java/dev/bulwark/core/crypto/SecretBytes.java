package dev.bulwark.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Secret key material or any other secret byte string. It never prints its content, compares in constant
 * time, and hands out its bytes only through {@link #reveal()}, so every raw use is easy to find.
 */
public final class SecretBytes {
    private final byte[] bytes;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}; the caller may wipe its own array afterwards. */
    public static SecretBytes copyOf(byte[] bytes) {
        return new SecretBytes(bytes.clone());
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the secret bytes: the one explicit way to read them. */
    public byte[] reveal() {
        return bytes.clone();
    }

    /** Constant-time comparison; the time depends only on the lengths. */
    public boolean equalsSecret(SecretBytes other) {
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    /** Overwrites the bytes, for secrets whose life ends at a known point. */
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretBytes other && equalsSecret(other);
    }

    @Override
    public int hashCode() {
        return bytes.length; // content-free on purpose
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes, redacted]";
    }
}
