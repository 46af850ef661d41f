package dev.bulwark.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Digests of high-entropy secrets that Bulwark issues: client secrets, refresh tokens, authorization codes.
 * A secret of 256 random bits needs no slow hash: SHA-256 is enough to make the stored value useless to someone
 * who reads the database, and fast enough for every token request. (Passwords, chosen by people, get Argon2id.)
 */
public final class TokenDigest {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private TokenDigest() {
    }

    /** A new secret: {@code bytes} random bytes, base64url without padding. */
    public static String newSecret(SecureRandom random, int bytes) {
        byte[] secret = new byte[bytes];
        random.nextBytes(secret);
        return BASE64URL.encodeToString(secret);
    }

    /** The SHA-256 of the secret's UTF-8 bytes, in hex: what is stored and looked up. */
    public static String of(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Whether {@code secret} digests to {@code storedDigest}, compared in constant time. */
    public static boolean matches(String secret, String storedDigest) {
        return MessageDigest.isEqual(of(secret).getBytes(StandardCharsets.US_ASCII),
                storedDigest.getBytes(StandardCharsets.US_ASCII));
    }
}
