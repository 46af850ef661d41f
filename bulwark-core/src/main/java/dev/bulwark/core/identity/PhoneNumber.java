package dev.bulwark.core.identity;

import dev.bulwark.core.DomainException;
import java.util.Objects;
import java.util.regex.Pattern;

/** A phone number in E.164 form: {@code +}, a country code, at most 15 digits in all (ITU-T E.164). */
public final class PhoneNumber {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private final String value;

    private PhoneNumber(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Validates a number given by a person or a client. */
    public static PhoneNumber of(String text) {
        if (text == null || !E164.matcher(text).matches()) {
            throw DomainException.invalid("phone", "phone_format",
                    "Enter a phone number in international E.164 form, such as +14155550123.");
        }
        return new PhoneNumber(text);
    }

    /** A number read back from storage, where it was validated; not validated again. */
    public static PhoneNumber fromStorage(String value) {
        return new PhoneNumber(value);
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhoneNumber other && value.equals(other.value);
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
