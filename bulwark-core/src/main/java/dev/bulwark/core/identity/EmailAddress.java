package dev.bulwark.core.identity;

import dev.bulwark.core.DomainException;
import java.text.Normalizer;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An email address, normalised to NFKC and checked for a plausible shape (a local part of at most 64
 * characters, an {@code @}, a domain with a dot, at most 254 characters in all). Deliverability is proven by
 * sending mail, not by a pattern. Uniqueness is case-insensitive through {@link #key()}.
 */
public final class EmailAddress {
    private static final String ATOM = "[^\\s@\"<>()\\[\\],;:\\\\]";
    private static final Pattern SHAPE = Pattern.compile(ATOM + "{1,64}@" + ATOM + "+\\." + "[^\\s@\"<>()\\[\\],;:\\\\.]{2,63}");

    private final String value;

    private EmailAddress(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Normalises and validates an address given by a person or a client. */
    public static EmailAddress of(String text) {
        if (text == null) {
            throw DomainException.invalid("email", "email_missing", "An email address is required.");
        }
        String value = Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
        if (value.length() > 254 || !SHAPE.matcher(value).matches() || value.contains("..")
                || value.codePoints().anyMatch(Character::isISOControl)) {
            throw DomainException.invalid("email", "email_format", "Enter an email address such as name@example.com.");
        }
        return new EmailAddress(value);
    }

    /** An address read back from storage, where it was validated; not validated again. */
    public static EmailAddress fromStorage(String value) {
        return new EmailAddress(value);
    }

    public String value() {
        return value;
    }

    /** The case-insensitive key that makes email addresses unique. */
    public String key() {
        return CaseFold.key(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmailAddress other && value.equals(other.value);
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
