package dev.bulwark.core.identity;

import dev.bulwark.core.DomainException;
import java.util.Objects;
import java.util.UUID;

/** A user's stable, opaque identifier: a random UUID that reveals nothing about the user or when they joined. */
public record UserId(UUID value) {
    public UserId {
        Objects.requireNonNull(value, "value");
    }

    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    /** Parses the canonical text form; refuses anything else. */
    public static UserId parse(String text) {
        try {
            UUID uuid = UUID.fromString(text);
            if (!uuid.toString().equalsIgnoreCase(text)) {
                throw new IllegalArgumentException("not canonical");
            }
            return new UserId(uuid);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw DomainException.invalid("id", "malformed_user_id", "A user id is a UUID such as 3f2a…-….");
        }
    }

    /** Whether {@code text} looks like a user id, so that a lookup can tell ids from usernames. */
    public static boolean looksLikeId(String text) {
        return text != null && text.length() == 36 && text.matches("[0-9a-fA-F-]{36}");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
