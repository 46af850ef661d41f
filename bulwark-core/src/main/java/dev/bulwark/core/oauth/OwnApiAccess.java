package dev.bulwark.core.oauth;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.AppRepository;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.identity.Role;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.session.SessionId;
import dev.bulwark.core.token.VerifiedAccessToken;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call Bulwark's own APIs with an access token. Each check is made here, in order, so that the HTTP layer
 * only hands over what it was given: a live token (signature, lifetime, revocation, session, DPoP binding), meant for
 * that API ({@code aud}), of a user, granted the API's scope, held by an app allowed the API.
 */
public final class OwnApiAccess {
    private final TokenIntrospection introspection;
    private final AppRepository apps;
    private final AccessTokenAudience audience;
    private final Duration adminMaxAuthAge;
    private final Clock clock;

    /** @param adminMaxAuthAge how recent the sign-in behind an administrator's token must be */
    public OwnApiAccess(TokenIntrospection introspection, AppRepository apps, AccessTokenAudience audience,
                        Duration adminMaxAuthAge, Clock clock) {
        this.introspection = introspection;
        this.apps = apps;
        this.audience = audience;
        this.adminMaxAuthAge = adminMaxAuthAge;
        this.clock = clock;
    }

    /** An access token as presented: the token, the DPoP proof that came with the DPoP scheme, the request. */
    public record Presented(String token, Optional<String> dpopProof, String method, URI uri) {
        public Presented {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(dpopProof, "dpopProof");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
        }

        @Override
        public String toString() {
            return "Presented[" + method + " " + uri.getPath() + ", redacted]";
        }
    }

    /** A user acting through one of Bulwark's APIs, with the token they act with. */
    public record Caller(User user, Optional<SessionId> session, Optional<Instant> authTime,
                         VerifiedAccessToken token) {
    }

    /**
     * The account API: a user's token granted {@code bulwark:account} by a first-party app (checked on the app as it
     * is now, so that an app that stops being first-party loses the API at once).
     *
     * @throws DomainException {@code invalid_token} (401) or {@code insufficient_scope} (403)
     */
    public Caller accountHolder(Presented presented) {
        Caller caller = userWith(presented, Set.of(audience.issuer()), Scopes.ACCOUNT);
        App app = apps.find(caller.token().clientId()).orElseThrow(() -> new DomainException(ErrorCode.INVALID_TOKEN,
                "The app that holds the token was deleted."));
        if (!app.definition().firstParty()) {
            throw new DomainException(ErrorCode.INSUFFICIENT_SCOPE, "Only first-party apps may use the account API.");
        }
        return caller;
    }

    /**
     * The admin API: a token granted {@code bulwark:admin} by an app for administration (as the app is now), of a
     * user who is an administrator now (the role is checked on the user, not only in the token), from a two-factor
     * sign-in (AAL2) no older than {@code admin.maxAuthAge}: a stolen password, or a phone left signed in, does not
     * administer Bulwark.
     *
     * @throws DomainException {@code invalid_token} (401), {@code insufficient_scope} (403), {@code access_denied}
     *                         (403) or {@code insufficient_user_authentication} (401, RFC 9470, with {@code max_age}
     *                         and {@code acr_values}: sign in again, with two factors)
     */
    public Caller administrator(Presented presented) {
        Caller caller = userWith(presented, Set.of(audience.issuer()), Scopes.ADMIN);
        App app = apps.find(caller.token().clientId()).orElseThrow(() -> new DomainException(ErrorCode.INVALID_TOKEN,
                "The app that holds the token was deleted."));
        if (!app.definition().administration() || !app.definition().firstParty()) {
            throw new DomainException(ErrorCode.INSUFFICIENT_SCOPE, "Only an app for administration may use the "
                    + "admin API.");
        }
        if (!caller.user().hasRole(Role.ADMIN)) {
            throw new DomainException(ErrorCode.ACCESS_DENIED, "Only administrators may do this.");
        }
        boolean twoFactors = caller.token().acr().map(Assurance.AAL2::equals).orElse(false);
        boolean recent = caller.authTime().map(at -> !at.plus(adminMaxAuthAge).isBefore(clock.instant()))
                .orElse(false);
        if (!twoFactors || !recent) {
            throw new DomainException(ErrorCode.INSUFFICIENT_USER_AUTHENTICATION, !twoFactors
                    ? "The admin API needs a sign-in with two factors."
                    : "The sign-in is too old for the admin API; sign in again.")
                    .with(Map.of("max_age", adminMaxAuthAge.toSeconds(), "acr_values", Assurance.AAL2));
        }
        return caller;
    }

    /**
     * The userinfo endpoint (OpenID Connect Core §5.3): a user's token granted {@code openid}, meant for userinfo
     * (or, as tokens issued before audiences were narrowed, for Bulwark).
     */
    public Caller userinfoReader(Presented presented) {
        return userWith(presented, Set.of(audience.userinfo(), audience.issuer()), Scopes.OPENID);
    }

    private Caller userWith(Presented presented, Set<String> audiences, String scope) {
        TokenIntrospection.LiveToken live = introspection.requireLive(presented.token(), presented.dpopProof(),
                presented.method(), presented.uri(), audiences);
        User user = live.user().orElseThrow(() -> new DomainException(ErrorCode.INVALID_TOKEN,
                "The access token does not belong to a user."));
        if (!live.token().scopes().contains(scope)) {
            throw new DomainException(ErrorCode.INSUFFICIENT_SCOPE, "The access token was not granted " + scope + ".");
        }
        return new Caller(user, live.token().sessionId().filter(SessionId::looksLikeOne).map(SessionId::new),
                live.token().authTime(), live.token());
    }
}
