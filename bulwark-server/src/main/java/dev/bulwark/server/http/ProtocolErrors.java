package dev.bulwark.server.http;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.token.DpopVerifier;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.Violation;
import dev.bulwark.server.Endpoints;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Errors of the OAuth 2.0 and OpenID Connect endpoints, in their own format (RFC 6749 §5.2, RFC 6750 §3, the
 * first-party apps draft §5.2.2): {@code {"error": ..., "error_description": ...}} plus any members the refusal
 * carries, never cached, with the status and challenge header each error calls for.
 */
final class ProtocolErrors {
    private ProtocolErrors() {
    }

    /** Extension members of an {@code insufficient_user_authentication} refusal (RFC 9470). */
    static final String STEP_UP_MAX_AGE = "max_age";
    static final String STEP_UP_ACR_VALUES = "acr_values";

    static boolean isProtocol(Context ctx) {
        String path = ctx.path();
        return path.startsWith("/oauth2/") || path.startsWith("/.well-known/");
    }

    /**
     * The status on a protocol endpoint. A DPoP refusal is 400 at the token endpoint (RFC 9449 §5) but 401 where a
     * resource (userinfo) refuses a token presented with the DPoP scheme (§7.1).
     */
    static int status(Context ctx, ErrorCode code) {
        if (BearerTokens.dpop(ctx) && (code == ErrorCode.INVALID_DPOP_PROOF || code == ErrorCode.USE_DPOP_NONCE)) {
            return 401;
        }
        return status(code);
    }

    static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_CLIENT, INVALID_TOKEN, INSUFFICIENT_USER_AUTHENTICATION -> 401;
            case INSUFFICIENT_AUTHORIZATION, REDIRECT_TO_WEB, INSUFFICIENT_SCOPE -> 403;
            case TOO_MANY_REQUESTS -> 429;
            case UNAVAILABLE -> 503;
            default -> 400;
        };
    }

    static void send(Context ctx, DomainException e) {
        int status = status(ctx, e.code());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code().code());
        body.put("error_description", e.detail());
        body.putAll(e.extensions());
        if (!e.violations().isEmpty()) {
            body.put("violations", e.violations().stream().map(ProtocolErrors::violation).toList());
        }
        if (e.code() == ErrorCode.INVALID_CLIENT && (basicAuthorization(ctx)
                || ctx.path().equals(Endpoints.INTROSPECT)
                || ctx.path().equals(Endpoints.REVOKED))) {
            // RFC 6749 §5.2 asks for it when the client sent credentials, and introspection and the revocation feed
            // take nothing else. Elsewhere (a public client's token request) a Basic challenge would make a browser
            // pop up a password dialog over the app.
            ctx.header("WWW-Authenticate", "Basic realm=\"bulwark\"");
        }
        if (e.code() == ErrorCode.INVALID_TOKEN || e.code() == ErrorCode.INSUFFICIENT_SCOPE
                || BearerTokens.dpop(ctx) && (e.code() == ErrorCode.INVALID_DPOP_PROOF
                || e.code() == ErrorCode.USE_DPOP_NONCE)) {
            challenge(ctx, e);
        }
        if (e.code() == ErrorCode.UNAVAILABLE) {
            ctx.header("Retry-After", "5");
        }
        dpopNonce(ctx, e);
        body.remove(DpopVerifier.NONCE);
        ErrorResponses.retryAfter(ctx, e);
        ctx.header("Pragma", "no-cache");
        ctx.status(status).json(body);
    }

    private static boolean basicAuthorization(Context ctx) {
        String authorization = ctx.header("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    /** RFC 9449 §8: the nonce a {@code use_dpop_nonce} refusal asks the client to use. */
    static void dpopNonce(Context ctx, DomainException e) {
        Object nonce = e.extensions().get(DpopVerifier.NONCE);
        if (nonce != null) {
            ctx.header("DPoP-Nonce", nonce.toString());
        }
    }

    /**
     * The challenges of a resource's refusal, one per scheme it accepts (RFC 6750 §3, RFC 9449 §7.1): the scheme
     * the request used comes first and carries the error, so that a client that sent a DPoP-bound token as a Bearer
     * token learns that DPoP is accepted, and with which algorithms. A request that sent no token learns only that
     * one is needed (RFC 6750 §3.1).
     */
    static void challenge(Context ctx, DomainException e) {
        String bearer = "Bearer realm=\"bulwark\"";
        String dpop = "DPoP realm=\"bulwark\", algs=\"" + DPOP_ALGORITHMS + "\"";
        if (!BearerTokens.attempted(ctx)) {
            ctx.res().setHeader("WWW-Authenticate", bearer);
            ctx.res().addHeader("WWW-Authenticate", dpop);
            return;
        }
        boolean usedDpop = BearerTokens.dpop(ctx);
        ctx.res().setHeader("WWW-Authenticate", (usedDpop ? dpop : bearer) + errorAttributes(e));
        ctx.res().addHeader("WWW-Authenticate", usedDpop ? bearer : dpop);
    }

    private static final String DPOP_ALGORITHMS = DpopVerifier.ALGORITHMS.stream().map(Object::toString).sorted()
            .collect(java.util.stream.Collectors.joining(" "));

    private static String errorAttributes(DomainException e) {
        String description = e.detail().replaceAll("[^\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]", "");
        StringBuilder attributes = new StringBuilder(", error=\"" + e.code().code() + "\", error_description=\""
                + description + "\"");
        // RFC 9470 §3: what a new sign-in must achieve.
        Object maxAge = e.extensions().get(STEP_UP_MAX_AGE);
        if (maxAge != null) {
            attributes.append(", max_age=").append(maxAge);
        }
        Object acr = e.extensions().get(STEP_UP_ACR_VALUES);
        if (acr != null) {
            attributes.append(", acr_values=\"").append(acr).append('"');
        }
        return attributes.toString();
    }

    private static Map<String, String> violation(Violation violation) {
        return Map.of("field", violation.field().toLowerCase(Locale.ROOT), "code", violation.code(),
                "message", violation.message());
    }
}
