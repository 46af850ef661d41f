package dev.bulwark.core.identity;

import dev.bulwark.core.DomainException;
import java.text.Normalizer;

/**
 * A username: 1 to 64 Unicode letters, digits or the marks {@code . _ - @ +}, normalised to NFKC as entered.
 * Uniqueness is case-insensitive through {@link #key()}.
 */
public record Username(String value) {
    public static final int MAX_LENGTH = 64;

    public Username {
        value = Normalizer.normalize(value, Normalizer.Form.NFKC);
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > MAX_LENGTH) {
            throw DomainException.invalid("username", "username_length", "A username has 1 to 64 characters.");
        }
        if (!value.codePoints().allMatch(Username::allowed)) {
            throw DomainException.invalid("username", "username_characters",
                    "A username may contain letters, digits and . _ - @ + only.");
        }
    }

    public static Username of(String value) {
        if (value == null) {
            throw DomainException.invalid("username", "username_missing", "A username is required.");
        }
        return new Username(value);
    }

    private static boolean allowed(int codePoint) {
        return Character.isLetterOrDigit(codePoint) || Character.getType(codePoint) == Character.NON_SPACING_MARK
                || Character.getType(codePoint) == Character.COMBINING_SPACING_MARK
                || ".-_@+".indexOf(codePoint) >= 0;
    }

    /** The case-insensitive key that makes usernames unique. */
    public String key() {
        return CaseFold.key(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
