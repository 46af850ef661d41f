package dev.bulwark.server.http;

import dev.bulwark.core.token.KeyRing;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** The OAuth 2.0 and OpenID Connect endpoints. */
final class OAuthEndpoints {
    private final KeyRing keyRing;

    OAuthEndpoints(KeyRing keyRing) {
        this.keyRing = keyRing;
    }

    void register(RoutesConfig routes) {
        routes.get("/oauth2/jwks", this::jwks);
    }

    /** The published public keys. Cacheable: they hold nothing secret, and relying parties should not refetch often. */
    private void jwks(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.contentType("application/jwk-set+json").result(keyRing.published().toString(true));
    }
}
