package dev.bulwark.server.http;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The access token of a request, from its {@code Authorization} header and nowhere else: {@code Bearer} (RFC 6750
 * §2.1) or {@code DPoP} with the request's proof in the {@code DPoP} header (RFC 9449 §7.1).
 */
final class BearerTokens {
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final int LONGEST = 8_192;

    private BearerTokens() {
    }

    /** A presented access token, and for the DPoP scheme, the proof that came with it. */
    record Presented(String token, Optional<String> dpopProof) {
        @Override
        public String toString() {
            return "Presented[redacted]";
        }
    }

    /** Whether the request tried token authentication at all (RFC 6750 §3.1: without it, no error is named). */
    static boolean attempted(Context ctx) {
        return scheme(ctx).isPresent();
    }

    /** Whether the request used the DPoP scheme, whose refusals are challenged with {@code DPoP}. */
    static boolean dpop(Context ctx) {
        return scheme(ctx).map("DPoP "::equals).orElse(false);
    }

    private static Optional<String> scheme(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization == null) {
            return Optional.empty();
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of("Bearer ");
        }
        return authorization.regionMatches(true, 0, "DPoP ", 0, 5) ? Optional.of("DPoP ") : Optional.empty();
    }

    static Presented require(Context ctx) {
        String scheme = scheme(ctx).orElseThrow(() -> new DomainException(ErrorCode.INVALID_TOKEN,
                "An access token is required."));
        String token = ctx.header("Authorization").substring(scheme.length()).strip();
        if (token.length() > LONGEST || !B64TOKEN.matcher(token).matches()) {
            throw new DomainException(ErrorCode.INVALID_TOKEN, "The access token is malformed.");
        }
        if (!scheme.equals("DPoP ")) {
            return new Presented(token, Optional.empty());
        }
        java.util.List<String> proofs = ctx.req().getHeaders("DPoP") == null ? java.util.List.of()
                : java.util.Collections.list(ctx.req().getHeaders("DPoP"));
        if (proofs.size() != 1) {
            throw new DomainException(ErrorCode.INVALID_DPOP_PROOF, "A DPoP request carries exactly one DPoP proof.");
        }
        return new Presented(token, Optional.of(proofs.get(0)));
    }
}
