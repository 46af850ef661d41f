package dev.bulwark.core.crypto;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Objects;

/**
 * A password as typed by a person. Any Unicode is allowed; the value is normalised to NFKC on construction
 * (NIST SP 800-63B §5.1.1.2), so the same password typed on different keyboards hashes the same. It never
 * prints itself; {@link #reveal()} is the one explicit way to read it.
 */
public final class Password {
    private final String normalized;

    private Password(String normalized) {
        this.normalized = normalized;
    }

    public static Password of(CharSequence typed) {
        Objects.requireNonNull(typed, "password");
        return new Password(Normalizer.normalize(typed, Normalizer.Form.NFKC));
    }

    /** The number of Unicode code points, which is how NIST counts password length. */
    public int length() {
        return normalized.codePointCount(0, normalized.length());
    }

    /** The normalised password: the one explicit way to read it. */
    public String reveal() {
        return normalized;
    }

    /** The UTF-8 bytes that are hashed. */
    public byte[] revealUtf8() {
        return normalized.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Password[redacted]";
    }
}
