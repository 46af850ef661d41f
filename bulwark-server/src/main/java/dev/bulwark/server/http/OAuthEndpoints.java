package dev.bulwark.server.http;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.oauth.ChallengeRequest;
import dev.bulwark.core.oauth.ChallengeService;
import dev.bulwark.core.oauth.ClientCredentials;
import dev.bulwark.core.oauth.OwnApiAccess;
import dev.bulwark.core.oauth.TokenRequest;
import dev.bulwark.core.oauth.TokenResponse;
import dev.bulwark.core.oauth.TokenService;
import dev.bulwark.core.session.DeviceInfo;
import dev.bulwark.core.session.RevocationFeed;
import dev.bulwark.core.token.KeyRing;
import dev.bulwark.server.Bulwark;
import dev.bulwark.server.Endpoints;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The OAuth 2.0 and OpenID Connect endpoints: parse, call one core service, answer. */
final class OAuthEndpoints {
    private final KeyRing keyRing;
    private final Bulwark.Protocol protocol;

    OAuthEndpoints(KeyRing keyRing, Bulwark.Protocol protocol) {
        this.keyRing = keyRing;
        this.protocol = protocol;
    }

    void register(RoutesConfig routes) {
        routes.get(Endpoints.OPENID_CONFIGURATION, this::metadata);
        routes.get(Endpoints.AUTHORIZATION_SERVER_METADATA, this::metadata);
        routes.get(Endpoints.JWKS, this::jwks);
        routes.post(Endpoints.TOKEN, this::token);
        routes.post(Endpoints.AUTHORIZE_CHALLENGE, this::challenge);
        routes.get(Endpoints.USERINFO, this::userinfo);
        routes.post(Endpoints.USERINFO, this::userinfo);
        routes.post(Endpoints.REVOKE, this::revoke);
        routes.post(Endpoints.INTROSPECT, this::introspect);
        routes.get(Endpoints.REVOKED, ctx -> revoked(ctx, FormRequest.none()));
        routes.post(Endpoints.REVOKED, ctx -> revoked(ctx, FormRequest.of(ctx)));
    }

    private void metadata(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.json(ProtocolMetadata.of(protocol.issuer(), protocol.idTokenAlgorithm(), protocol.accessTokenAlgorithm()));
    }

    /** OpenID Connect Core §5.3: the claims the token's scopes release, for a live token that was granted openid. */
    private void userinfo(Context ctx) {
        OwnApiAccess.Caller caller = protocol.apiAccess().userinfoReader(Callers.presented(ctx, protocol.issuer()));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", caller.user().id().toString());
        claims.putAll(TokenService.userClaims(caller.user(), caller.token().scopes()));
        ctx.header("Cache-Control", "no-store").json(claims);
    }

    /** RFC 7009 §2: the same empty 200 whether or not the token was known, live, or the caller's. */
    private void revoke(Context ctx) {
        FormRequest form = FormRequest.of(ctx);
        protocol.introspection().revoke(ClientCredentialsReader.read(ctx, form), form.require("token"),
                form.get("token_type_hint"), clientIp(ctx));
        ctx.header("Cache-Control", "no-store").status(200);
    }

    /** RFC 7662 §2. */
    private void introspect(Context ctx) {
        FormRequest form = FormRequest.of(ctx);
        ctx.header("Cache-Control", "no-store").json(protocol.introspection()
                .introspect(ClientCredentialsReader.read(ctx, form), form.require("token"), clientIp(ctx)));
    }

    /**
     * The revocation feed: sessions and access tokens revoked after the sequence number {@code after}, oldest first.
     * A resource server keeps the last {@code sequence} it saw and asks again every few seconds.
     */
    private void revoked(Context ctx, FormRequest form) {
        long after = number(ctx.queryParam("after"), 0, Long.MAX_VALUE, 0);
        int limit = (int) number(ctx.queryParam("limit"), 1, MAX_REVOCATIONS, MAX_REVOCATIONS);
        List<RevocationFeed.Entry> entries = protocol.introspection()
                .revocationsAfter(ClientCredentialsReader.read(ctx, form), after, limit, clientIp(ctx));
        List<Map<String, Object>> revocations = entries.stream().map(OAuthEndpoints::revocation).toList();
        long next = entries.isEmpty() ? after : entries.get(entries.size() - 1).sequence();
        ctx.header("Cache-Control", "no-store").json(Map.of("revocations", revocations, "next", next));
    }

    private static final int MAX_REVOCATIONS = 1_000;

    private static Map<String, Object> revocation(RevocationFeed.Entry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sequence", entry.sequence());
        json.put(entry.kind() == RevocationFeed.Entry.Kind.SESSION ? "sid" : "jti", entry.id());
        json.put("revoked_at", entry.revokedAt().getEpochSecond());
        json.put("expires_at", entry.expiresAt().getEpochSecond());
        return json;
    }

    private static long number(String text, long min, long max, long absent) {
        if (text == null || text.isEmpty()) {
            return absent;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new DomainException(ErrorCode.INVALID_REQUEST, "A query parameter must be a number from " + min + " to "
                + max + ".");
    }

    /** The published public keys. Cacheable: they hold nothing secret, and relying parties should not refetch often. */
    private void jwks(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.contentType("application/jwk-set+json").result(keyRing.published().toString(true));
    }

    /** RFC 6749 §3.2. */
    private void token(Context ctx) {
        FormRequest form = FormRequest.of(ctx);
        ClientCredentials client = ClientCredentialsReader.read(ctx, form);
        Optional<String> clientIp = clientIp(ctx);
        Optional<String> proof = dpopProof(ctx);
        TokenRequest request = switch (form.require("grant_type")) {
            case "authorization_code" -> new TokenRequest.AuthorizationCodeGrant(client, form.require("code"),
                    form.get("redirect_uri"), form.get("code_verifier"), device(form), clientIp, proof);
            case "refresh_token" -> new TokenRequest.RefreshTokenGrant(client, form.require("refresh_token"),
                    form.get("scope").map(Scopes::parse), clientIp, proof);
            case "client_credentials" -> new TokenRequest.ClientCredentialsGrant(client,
                    form.get("scope").map(Scopes::parse), clientIp, proof);
            default -> throw new DomainException(ErrorCode.UNSUPPORTED_GRANT_TYPE,
                    "Supported grants: authorization_code, refresh_token, client_credentials.");
        };
        TokenResponse response = protocol.tokens().token(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", response.accessToken());
        body.put("token_type", response.tokenType());
        body.put("expires_in", response.expiresIn());
        response.refreshToken().ifPresent(token -> body.put("refresh_token", token));
        response.idToken().ifPresent(token -> body.put("id_token", token));
        body.put("scope", response.scope().text());
        ctx.header("Pragma", "no-cache").json(body);
    }

    /** The request's DPoP proof: at most one DPoP header (RFC 9449 §4.3 step 1). */
    private static Optional<String> dpopProof(Context ctx) {
        java.util.Enumeration<String> headers = ctx.req().getHeaders("DPoP");
        java.util.List<String> proofs = headers == null ? java.util.List.of() : java.util.Collections.list(headers);
        if (proofs.size() > 1) {
            throw new DomainException(ErrorCode.INVALID_DPOP_PROOF, "A request carries at most one DPoP proof.");
        }
        return proofs.stream().findFirst();
    }

    /** The first-party apps draft §4.1 and §5. */
    private void challenge(Context ctx) {
        FormRequest form = FormRequest.of(ctx);
        ClientCredentials client = ClientCredentialsReader.read(ctx, form);
        ChallengeService.Issued issued = protocol.challenges().challenge(new ChallengeRequest(client,
                form.get("auth_session"), form.get("response_type"), form.get("scope"), form.get("code_challenge"),
                form.get("code_challenge_method"), form.all(), clientIp(ctx), dpopProof(ctx)));
        Map<String, Object> body = new java.util.LinkedHashMap<>(issued.shown());
        body.put("authorization_code", issued.authorizationCode());
        ctx.header("Pragma", "no-cache").json(body);
    }

    private static DeviceInfo device(FormRequest form) {
        return new DeviceInfo(form.get("device_id"), form.get("device_name"), form.get("device_model"),
                form.get("device_os"), form.get("app_version"));
    }

    private static Optional<String> clientIp(Context ctx) {
        return RequestObservation.knownClient(ctx);
    }
}
