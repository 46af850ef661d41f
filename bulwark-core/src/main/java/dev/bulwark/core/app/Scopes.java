package dev.bulwark.core.app;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A set of OAuth scope tokens (RFC 6749 §3.3: printable ASCII without space, quote or backslash), written
 * space-delimited on the wire. Immutable; iteration is sorted, so the wire form is stable.
 */
public record Scopes(Set<String> values) {
    public static final Scopes NONE = new Scopes(Set.of());
    /** OpenID Connect: the ID token and the sub claim. */
    public static final String OPENID = "openid";
    /** The signed-in user's own account API: their devices, sessions and password. */
    public static final String ACCOUNT = "bulwark:account";
    /** The administration API; granted only to users with the administrator role. */
    public static final String ADMIN = "bulwark:admin";
    /**
     * OpenID Connect Core §11: the app asks for a refresh token. An app allowed refresh tokens gets one whether or not
     * it asks, so the scope is granted to it when asked; for any other app it is ignored, as the spec allows.
     */
    public static final String OFFLINE_ACCESS = "offline_access";
    /** The prefix of the scopes of Bulwark's own APIs. */
    public static final String BULWARK_PREFIX = "bulwark:";
    private static final Pattern TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");

    public Scopes {
        for (String value : values) {
            if (!TOKEN.matcher(value).matches()) {
                throw new DomainException(ErrorCode.INVALID_SCOPE, "A scope is 1 to 128 printable characters without "
                        + "spaces, quotes or backslashes.");
            }
        }
        values = Set.copyOf(new TreeSet<>(values));
    }

    public static Scopes of(Collection<String> values) {
        return new Scopes(Set.copyOf(values));
    }

    /** Parses the space-delimited wire form; null or blank is no scope. */
    public static Scopes parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        if (text.length() > 4_096) {
            throw new DomainException(ErrorCode.INVALID_SCOPE, "The scope parameter is too long.");
        }
        return new Scopes(Set.copyOf(Arrays.stream(text.strip().split(" +")).toList()));
    }

    public boolean contains(String scope) {
        return values.contains(scope);
    }

    /** Whether any of the scopes is one of Bulwark's own APIs ({@code bulwark:*}). */
    public boolean namesBulwark() {
        return values.stream().anyMatch(scope -> scope.startsWith(BULWARK_PREFIX));
    }

    /** These scopes without {@code scope}. */
    public Scopes without(String scope) {
        return new Scopes(values.stream().filter(value -> !value.equals(scope)).collect(
                java.util.stream.Collectors.toSet()));
    }

    public boolean containsAll(Scopes other) {
        return values.containsAll(other.values);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The space-delimited wire form, sorted. */
    public String text() {
        return String.join(" ", new TreeSet<>(values));
    }

    @Override
    public String toString() {
        return text();
    }
}
