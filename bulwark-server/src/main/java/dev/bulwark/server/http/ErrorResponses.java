package dev.bulwark.server.http;

import com.fasterxml.jackson.core.JacksonException;
import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.protection.CredentialGuard;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP: domain outcomes by their error code, Javalin's own (404, 405, 413)
 * by status, unreadable JSON as 400, and anything unexpected as a 500 that says nothing but the request id,
 * with the cause in the log. Every body is RFC 9457 problem JSON.
 */
final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    private ErrorResponses() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(DomainException.class, (e, ctx) -> {
            if (ProtocolErrors.isProtocol(ctx)) {
                ProtocolErrors.send(ctx, e);
            } else {
                domain(e, ctx);
            }
        });
        routes.exception(HttpResponseException.class, ErrorResponses::http);
        routes.exception(JacksonException.class, (e, ctx) -> send(ctx, Problem.ofCode("invalid_request",
                "Invalid request", 400, "The request body is not valid JSON of the expected shape.",
                RequestObservation.requestId(ctx), List.of())));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected failure", e);
            send(ctx, Problem.ofStatus(500, "Internal Server Error",
                    "Something went wrong on our side; quote the request id when reporting it.",
                    RequestObservation.requestId(ctx)));
        });
    }

    /** The status of a domain refusal on the problem-JSON surfaces (the account and admin APIs). */
    static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST, INVALID_GRANT, UNAUTHORIZED_CLIENT, UNSUPPORTED_GRANT_TYPE, INVALID_SCOPE,
                 INVALID_SESSION -> 400;
            // RFC 9449 §7.1: a resource refuses a DPoP proof with 401 and a DPoP challenge.
            case INVALID_DPOP_PROOF, USE_DPOP_NONCE -> 401;
            case PASSWORD_POLICY -> 422;
            case INVALID_CREDENTIALS -> 403; // not 401: that would need a WWW-Authenticate challenge (RFC 9110)
            case INVALID_CLIENT, INVALID_TOKEN, INSUFFICIENT_USER_AUTHENTICATION -> 401;
            case ACCESS_DENIED, INSUFFICIENT_AUTHORIZATION, INSUFFICIENT_SCOPE, REDIRECT_TO_WEB, DEVICE_NOT_TRUSTED -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_MANY_REQUESTS -> 429;
            case UNAVAILABLE -> 503;
        };
    }

    /** {@code Retry-After} for a refusal that says how long to back off (brute-force protection). */
    static void retryAfter(Context ctx, DomainException e) {
        Object seconds = e.extensions().get(CredentialGuard.RETRY_AFTER);
        if (e.code() == ErrorCode.TOO_MANY_REQUESTS && seconds != null) {
            ctx.header("Retry-After", seconds.toString());
        }
    }

    private static void domain(DomainException e, Context ctx) {
        int status = status(e.code());
        retryAfter(ctx, e);
        ProtocolErrors.dpopNonce(ctx, e);
        if (e.code() == ErrorCode.INVALID_TOKEN || e.code() == ErrorCode.INSUFFICIENT_SCOPE
                || e.code() == ErrorCode.INSUFFICIENT_USER_AUTHENTICATION || e.code() == ErrorCode.INVALID_DPOP_PROOF
                || e.code() == ErrorCode.USE_DPOP_NONCE) {
            ProtocolErrors.challenge(ctx, e);
        }
        if (e.code() == ErrorCode.UNAVAILABLE) {
            ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            LOG.warn("failing closed: {}", e.detail());
        }
        send(ctx, Problem.ofCode(e.code().code(), HttpStatus.forStatus(status).getMessage(), status, e.detail(),
                RequestObservation.requestId(ctx), e.violations()));
    }

    private static void http(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        if (status == 405) {
            String allow = e.getDetails().getOrDefault("availableMethods", e.getDetails().get("Available methods"));
            if (allow != null) {
                ctx.header("Allow", allow);
            }
        }
        String title = HttpStatus.forStatus(status).getMessage();
        String detail = switch (status) {
            case 404 -> "There is nothing at this path.";
            case 405 -> "This path does not accept that method.";
            case 413 -> "The request body is larger than this server accepts.";
            default -> title;
        };
        send(ctx, Problem.ofStatus(status, title, detail, RequestObservation.requestId(ctx)));
    }

    static void send(Context ctx, Problem problem) {
        ctx.status(problem.status()).json(problem).contentType(Problem.MEDIA_TYPE);
    }
}
