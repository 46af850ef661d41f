package dev.bulwark.server.http;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.identity.Role;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.oauth.TokenIntrospection;
import dev.bulwark.core.session.SessionId;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * Who is calling the account and admin APIs: the user behind a live access token (RFC 6750) with the API's scope,
 * and for the admin API an administrator now (the role is checked on the user, not only in the token).
 */
final class Callers {
    private Callers() {
    }

    /** A user acting on their own account, from the session of the token. */
    record Caller(User user, Optional<SessionId> session, Optional<Instant> authTime) {
    }

    static Caller user(Context ctx, TokenIntrospection introspection, String scope) {
        BearerTokens.Presented presented = BearerTokens.require(ctx);
        // A DPoP proof is for this very request: the public URL of this path, ignoring the query (RFC 9449 §4.3).
        URI here = URI.create(introspection.issuer() + ctx.path());
        TokenIntrospection.LiveToken live = introspection.requireLive(presented.token(), presented.dpopProof(),
                ctx.method().name(), here);
        User user = live.user().orElseThrow(() -> new DomainException(ErrorCode.INVALID_TOKEN,
                "The access token does not belong to a user."));
        if (!live.token().scopes().contains(scope)) {
            throw new DomainException(ErrorCode.INSUFFICIENT_SCOPE, "The access token was not granted " + scope + ".");
        }
        return new Caller(user, live.token().sessionId().filter(SessionId::looksLikeOne).map(SessionId::new),
                live.token().authTime());
    }

    static Caller administrator(Context ctx, TokenIntrospection introspection) {
        Caller caller = user(ctx, introspection, Scopes.ADMIN);
        if (!caller.user().hasRole(Role.ADMIN)) {
            throw new DomainException(ErrorCode.ACCESS_DENIED, "Only administrators may do this.");
        }
        return caller;
    }
}
