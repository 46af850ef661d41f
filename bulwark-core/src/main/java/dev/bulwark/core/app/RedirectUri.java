package dev.bulwark.core.app;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A registered redirect URI of a native or web app, of one of the kinds RFC 8252 allows:
 * a private-use scheme in reverse-domain form ({@code com.example.app:/callback}, §7.1), a claimed {@code https}
 * URL (§7.2), or a loopback {@code http} URL on an IP literal ({@code http://127.0.0.1/cb},
 * {@code http://[::1]/cb}, §7.3), for which any port matches. Everything else matches exactly, character for
 * character (RFC 9700 §4.1.3).
 */
public final class RedirectUri {
    private static final Pattern PRIVATE_SCHEME = Pattern.compile("[a-z][a-z0-9+\\-]*(\\.[a-z0-9+\\-]+)+");

    /** Which of RFC 8252's kinds the URI is. */
    public enum Kind {
        PRIVATE_USE_SCHEME, CLAIMED_HTTPS, LOOPBACK
    }

    private final String value;
    private final Kind kind;
    private final URI parsed;

    private RedirectUri(String value, Kind kind, URI parsed) {
        this.value = value;
        this.kind = kind;
        this.parsed = parsed;
    }

    /** Validates a URI an operator registers. */
    public static RedirectUri of(String value) {
        Objects.requireNonNull(value, "value");
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid(value, "is not a URI");
        }
        if (value.length() > 2_000 || uri.getRawFragment() != null || !uri.isAbsolute()) {
            throw invalid(value, "must be absolute, without a fragment");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            if (uri.getHost() == null || uri.getRawUserInfo() != null) {
                throw invalid(value, "needs a host and no user information");
            }
            return new RedirectUri(value, Kind.CLAIMED_HTTPS, uri);
        }
        if (scheme.equals("http")) {
            String host = uri.getHost();
            if ("127.0.0.1".equals(host) || "[::1]".equals(host)) {
                return new RedirectUri(value, Kind.LOOPBACK, uri);
            }
            throw invalid(value, "may use http only on the loopback IP literals 127.0.0.1 or [::1] (RFC 8252 §7.3; "
                    + "localhost is not recommended, §8.3)");
        }
        if (PRIVATE_SCHEME.matcher(scheme).matches()) {
            return new RedirectUri(value, Kind.PRIVATE_USE_SCHEME, uri);
        }
        throw invalid(value, "needs https, loopback http, or a private-use scheme in reverse-domain form such as "
                + "com.example.app:/callback (RFC 8252 §7.1)");
    }

    private static DomainException invalid(String value, String problem) {
        return new DomainException(ErrorCode.INVALID_REQUEST, "The redirect URI " + value + " " + problem + ".");
    }

    /**
     * Whether {@code requested} may be used in a request for this registration: exactly equal, or, for a
     * loopback URI, equal except for the port.
     */
    public boolean matches(String requested) {
        if (value.equals(requested)) {
            return true;
        }
        if (kind != Kind.LOOPBACK || requested == null) {
            return false;
        }
        try {
            URI candidate = new URI(requested);
            return "http".equals(candidate.getScheme()) && parsed.getHost().equals(candidate.getHost())
                    && candidate.getRawUserInfo() == null && candidate.getRawFragment() == null
                    && Objects.equals(parsed.getRawPath(), candidate.getRawPath())
                    && Objects.equals(parsed.getRawQuery(), candidate.getRawQuery());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    public String value() {
        return value;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedirectUri other && value.equals(other.value);
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
