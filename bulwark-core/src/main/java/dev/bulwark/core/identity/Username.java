package dev.bulwark.core.identity;

import dev.bulwark.core.DomainException;
import java.text.Normalizer;
import java.util.Objects;

/**
 * A username: 1 to 64 Unicode letters, digits or the marks {@code . _ - +}, normalised to NFKC as entered.
 * No {@code @}: a login containing one is an email address, so a username can never shadow another user's
 * email. Uniqueness is case-insensitive through {@link #key()}.
 */
public final class Username {
    public static final int MAX_LENGTH = 64;

    private final String value;

    private Username(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Normalises and validates a username given by a person or a client. */
    public static Username of(String text) {
        if (text == null) {
            throw DomainException.invalid("username", "username_missing", "A username is required.");
        }
        String value = Normalizer.normalize(text, Normalizer.Form.NFKC);
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > MAX_LENGTH) {
            throw DomainException.invalid("username", "username_length", "A username has 1 to 64 characters.");
        }
        if (!value.codePoints().allMatch(Username::allowed)) {
            throw DomainException.invalid("username", "username_characters",
                    "A username may contain letters, digits and . _ - + only.");
        }
        return new Username(value);
    }

    /**
     * A username read back from storage: it was validated when stored, and is not validated again, so that
     * tightening the rules later never locks out an existing user.
     */
    public static Username fromStorage(String value) {
        return new Username(value);
    }

    private static boolean allowed(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isLetterOrDigit(codePoint) || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK || ".-_+".indexOf(codePoint) >= 0;
    }

    public String value() {
        return value;
    }

    /** The case-insensitive key that makes usernames unique. */
    public String key() {
        return CaseFold.key(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Username other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
