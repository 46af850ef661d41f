package dev.bulwark.server.http;

import dev.bulwark.core.oauth.OwnApiAccess;
import io.javalin.http.Context;
import java.net.URI;

/**
 * The access token a request to one of Bulwark's own APIs presents, handed to core, which decides who may call
 * ({@link OwnApiAccess}).
 */
final class Callers {
    private Callers() {
    }

    /**
     * The request's token, with its DPoP proof for the DPoP scheme. A proof is for this very request: the public URL
     * of this path, ignoring the query (RFC 9449 §4.3).
     */
    static OwnApiAccess.Presented presented(Context ctx, String issuer) {
        BearerTokens.Presented presented = BearerTokens.require(ctx);
        return new OwnApiAccess.Presented(presented.token(), presented.dpopProof(), ctx.method().name(),
                URI.create(issuer + ctx.path()));
    }
}
