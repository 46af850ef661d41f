package dev.bulwark.core.identity;

import dev.bulwark.core.DomainException;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * An email address, normalised to NFKC and checked for a plausible shape (a local part of at most 64
 * characters, an {@code @}, a domain with a dot, at most 254 characters in all). Deliverability is proven by
 * sending mail, not by a pattern. Uniqueness is case-insensitive through {@link #key()}.
 */
public record EmailAddress(String value) {
    private static final Pattern SHAPE = Pattern.compile("[^\\s@\"<>()\\[\\],;:\\\\]{1,64}@[^\\s@\"<>()\\[\\],;:\\\\]+\\.[^\\s@\"<>()\\[\\],;:\\\\.]{2,63}");

    public EmailAddress {
        value = Normalizer.normalize(value, Normalizer.Form.NFKC).strip();
        if (value.length() > 254 || !SHAPE.matcher(value).matches() || value.contains("..")
                || value.codePoints().anyMatch(Character::isISOControl)) {
            throw DomainException.invalid("email", "email_format", "Enter an email address such as name@example.com.");
        }
    }

    public static EmailAddress of(String value) {
        if (value == null) {
            throw DomainException.invalid("email", "email_missing", "An email address is required.");
        }
        return new EmailAddress(value);
    }

    /** The case-insensitive key that makes email addresses unique. */
    public String key() {
        return CaseFold.key(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
