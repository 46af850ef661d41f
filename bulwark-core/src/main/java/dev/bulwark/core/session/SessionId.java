package dev.bulwark.core.session;

import dev.bulwark.core.crypto.TokenDigest;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A session's identifier: 128 random bits, base64url. It appears in tokens ({@code sid}) and in the revocation
 * feed; knowing it grants nothing.
 */
public record SessionId(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_\\-]{16,64}");

    public SessionId {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a session id");
        }
    }

    public static SessionId random(SecureRandom random) {
        return new SessionId(TokenDigest.newSecret(random, 16));
    }

    public static boolean looksLikeOne(String text) {
        return text != null && SHAPE.matcher(text).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
