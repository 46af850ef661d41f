package dev.bulwark.core.audit;

import dev.bulwark.core.identity.UserId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who caused an event: Bulwark itself, an operator at the command line, an administrator, a user, or an
 * unauthenticated caller. Written as {@code kind} or {@code kind:id}.
 */
public record Actor(Kind kind, String id) {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._@+\\-]{1,64}");

    public enum Kind {
        SYSTEM, CLI, ADMIN, USER, ANONYMOUS
    }

    public static final Actor SYSTEM = new Actor(Kind.SYSTEM, "");
    public static final Actor ANONYMOUS = new Actor(Kind.ANONYMOUS, "");

    public Actor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (!id.isEmpty() && !SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("actor id has unexpected characters");
        }
    }

    /** An operator running the CLI, named by their operating-system account (unsafe characters replaced). */
    public static Actor cli(String osUser) {
        String safe = osUser == null ? "" : osUser.replaceAll("[^A-Za-z0-9._@+\\-]", "_");
        return new Actor(Kind.CLI, safe.length() > 64 ? safe.substring(0, 64) : safe);
    }

    public static Actor admin(UserId id) {
        return new Actor(Kind.ADMIN, id.toString());
    }

    public static Actor user(UserId id) {
        return new Actor(Kind.USER, id.toString());
    }

    /** The stored form, such as {@code cli:root} or {@code system}. */
    public String encoded() {
        return id.isEmpty() ? kind.name().toLowerCase(java.util.Locale.ROOT)
                : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }
}
