package dev.bulwark.core.identity;

import dev.bulwark.core.DomainException;
import java.util.regex.Pattern;

/** A phone number in E.164 form: {@code +}, a country code, at most 15 digits in all (ITU-T E.164). */
public record PhoneNumber(String value) {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    public PhoneNumber {
        if (value == null || !E164.matcher(value).matches()) {
            throw DomainException.invalid("phone", "phone_format",
                    "Enter a phone number in international E.164 form, such as +14155550123.");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
