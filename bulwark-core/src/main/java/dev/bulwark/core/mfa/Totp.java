package dev.bulwark.core.mfa;

import dev.bulwark.core.crypto.SecretBytes;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238) over HOTP (RFC 4226). The defaults are what authenticator apps expect:
 * HMAC-SHA-1, 6 digits, 30-second steps counted from the Unix epoch.
 *
 * @param algorithm the HMAC; authenticator apps widely support only SHA-1
 * @param digits    6 to 8
 * @param period    the time step X, 15 s to 5 min
 */
public record Totp(OtpAlgorithm algorithm, int digits, Duration period) {
    public static final Totp DEFAULT = new Totp(OtpAlgorithm.SHA1, 6, Duration.ofSeconds(30));
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    public Totp {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(period, "period");
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("a one-time password has 6 to 8 digits");
        }
        if (period.toSeconds() < 15 || period.toSeconds() > 300 || period.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("the time step is a whole number of seconds from 15 to 300");
        }
    }

    /** The time step counter T at an instant (RFC 6238 §4.2, T0 = 0). */
    public long stepAt(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), period.toSeconds());
    }

    /** The password for a step: HOTP(K, T) with dynamic truncation (RFC 4226 §5.3), zero-padded to the digits. */
    public String code(SecretBytes key, long step) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance(algorithm.jcaName());
            mac.init(new SecretKeySpec(key.reveal(), algorithm.jcaName()));
            hash = mac.doFinal(counter(step));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC unavailable", e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        String code = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - code.length()) + code;
    }

    private static byte[] counter(long step) {
        byte[] bytes = new byte[8];
        for (int i = 7; i >= 0; i--) {
            bytes[i] = (byte) step;
            step >>>= 8;
        }
        return bytes;
    }
}
