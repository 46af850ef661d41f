package dev.bulwark.bench;

import dev.bulwark.core.crypto.Argon2Parameters;
import dev.bulwark.core.crypto.Argon2id;
import dev.bulwark.core.crypto.BouncyCastleArgon2id;
import dev.bulwark.core.crypto.NativeArgon2id;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The Argon2id implementations compared, and the known-answer check each must pass before it is measured: a
 * fast implementation that computes the wrong function is worthless.
 */
public enum Argon2idCandidates {
    NATIVE, BOUNCYCASTLE, PASSWORD4J;

    public Argon2id create() {
        return switch (this) {
            case NATIVE -> NativeArgon2id.load();
            case BOUNCYCASTLE -> new BouncyCastleArgon2id();
            case PASSWORD4J -> new Password4jArgon2id();
        };
    }

    public static Argon2idCandidates named(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /**
     * The reference implementation's vector (phc-winner-argon2 src/test.c: Argon2id v1.3, t=2, m=2^16, p=1,
     * "password", "somesalt"), which every candidate can take through its public API.
     *
     * @throws IllegalStateException when the implementation computes anything else
     */
    public static void requireKnownAnswer(Argon2id argon2) {
        byte[] tag = argon2.hash(new Argon2Parameters(1 << 16, 2, 1), "password".getBytes(StandardCharsets.US_ASCII),
                "somesalt".getBytes(StandardCharsets.US_ASCII), 32);
        String expected = "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7";
        if (!HexFormat.of().formatHex(tag).equals(expected)) {
            throw new IllegalStateException(argon2.name() + " fails the Argon2id known-answer test");
        }
    }
}
