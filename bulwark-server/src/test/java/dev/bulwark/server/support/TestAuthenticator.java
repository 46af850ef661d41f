package dev.bulwark.server.support;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticator app as tests need one: codes from an independent TOTP library (java-otp), and a base32 decoder of
 * the test's own, so that Bulwark's codes are never checked with Bulwark's code.
 */
public final class TestAuthenticator {
    private static final TimeBasedOneTimePasswordGenerator GENERATOR = new TimeBasedOneTimePasswordGenerator();

    private TestAuthenticator() {
    }

    /** The 6-digit SHA-1 code of a 30-second step. */
    public static String code(byte[] seed, Instant at) {
        try {
            return GENERATOR.generateOneTimePasswordString(new SecretKeySpec(seed, "HmacSHA1"), at);
        } catch (InvalidKeyException e) {
            throw new AssertionError(e);
        }
    }

    /** RFC 4648 base32 (upper case, no padding), as authenticator apps read seeds. */
    public static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            int value = alphabet.indexOf(c);
            if (value < 0) {
                throw new AssertionError("not base32: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
