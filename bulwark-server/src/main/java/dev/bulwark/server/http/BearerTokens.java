package dev.bulwark.server.http;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/** The access token of a request, from its {@code Authorization: Bearer} header (RFC 6750 §2.1) and nowhere else. */
final class BearerTokens {
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final int LONGEST = 8_192;

    private BearerTokens() {
    }

    /** Whether the request tried bearer authentication at all (RFC 6750 §3.1: without it, no error is named). */
    static boolean attempted(Context ctx) {
        String authorization = ctx.header("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    static String require(Context ctx) {
        if (!attempted(ctx)) {
            throw new DomainException(ErrorCode.INVALID_TOKEN, "An access token is required.");
        }
        String token = ctx.header("Authorization").substring(7).strip();
        if (token.length() > LONGEST || !B64TOKEN.matcher(token).matches()) {
            throw new DomainException(ErrorCode.INVALID_TOKEN, "The access token is malformed.");
        }
        return token;
    }
}
