package dev.bulwark.core.app;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** An app's OAuth {@code client_id}: 3 to 64 of {@code A-Z a-z 0-9 . _ -}. Not a secret. */
public record ClientId(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._\\-]{3,64}");

    public ClientId {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new DomainException(ErrorCode.INVALID_REQUEST,
                    "A client id has 3 to 64 letters, digits, dots, underscores or hyphens.");
        }
        if (dev.bulwark.core.identity.UserId.looksLikeId(value)) {
            // Client-credentials tokens carry the client id as sub: it must never look like a user's (RFC 9068 §5).
            throw new DomainException(ErrorCode.INVALID_REQUEST, "A client id must not look like a user id (a UUID).");
        }
    }

    /** A random client id, such as {@code app-3f9c2a7d51e04b6c}. */
    public static ClientId random(SecureRandom random) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return new ClientId("app-" + HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
