package dev.bulwark.core.session;

import dev.bulwark.core.crypto.TokenDigest;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;

/** Bulwark's identifier of a user's device: 128 random bits, base64url. */
public record DeviceId(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_\\-]{16,64}");

    public DeviceId {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a device id");
        }
    }

    public static DeviceId random(SecureRandom random) {
        return new DeviceId(TokenDigest.newSecret(random, 16));
    }

    public static boolean looksLikeOne(String text) {
        return text != null && SHAPE.matcher(text).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
