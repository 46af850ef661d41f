package dev.bulwark.server.http;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.oauth.ChallengeRequest;
import dev.bulwark.core.oauth.ChallengeService;
import dev.bulwark.core.oauth.ClientCredentials;
import dev.bulwark.core.oauth.TokenRequest;
import dev.bulwark.core.oauth.TokenResponse;
import dev.bulwark.core.session.DeviceInfo;
import dev.bulwark.core.token.KeyRing;
import dev.bulwark.server.Bulwark;
import dev.bulwark.server.Endpoints;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
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
        routes.get(Endpoints.JWKS, this::jwks);
        routes.post(Endpoints.TOKEN, this::token);
        routes.post(Endpoints.AUTHORIZE_CHALLENGE, this::challenge);
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
        TokenRequest request = switch (form.require("grant_type")) {
            case "authorization_code" -> new TokenRequest.AuthorizationCodeGrant(client, form.require("code"),
                    form.get("redirect_uri"), form.get("code_verifier"), device(form), clientIp);
            case "refresh_token" -> new TokenRequest.RefreshTokenGrant(client, form.require("refresh_token"),
                    form.get("scope").map(Scopes::parse), clientIp);
            case "client_credentials" -> new TokenRequest.ClientCredentialsGrant(client,
                    form.get("scope").map(Scopes::parse));
            default -> throw new DomainException(ErrorCode.UNSUPPORTED_GRANT_TYPE,
                    "Supported grants: authorization_code, refresh_token, client_credentials.");
        };
        TokenResponse response = protocol.tokens().token(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", response.accessToken());
        body.put("token_type", TokenResponse.TOKEN_TYPE);
        body.put("expires_in", response.expiresIn());
        response.refreshToken().ifPresent(token -> body.put("refresh_token", token));
        response.idToken().ifPresent(token -> body.put("id_token", token));
        body.put("scope", response.scope().text());
        ctx.header("Pragma", "no-cache").json(body);
    }

    /** The first-party apps draft §4.1 and §5. */
    private void challenge(Context ctx) {
        FormRequest form = FormRequest.of(ctx);
        ClientCredentials client = ClientCredentialsReader.read(ctx, form);
        ChallengeService.Issued issued = protocol.challenges().challenge(new ChallengeRequest(client,
                form.get("auth_session"), form.get("response_type"), form.get("scope"), form.get("code_challenge"),
                form.get("code_challenge_method"), form.all(), clientIp(ctx)));
        ctx.header("Pragma", "no-cache")
                .json(Map.of("authorization_code", issued.authorizationCode(), "auth_session", issued.authSession()));
    }

    private static DeviceInfo device(FormRequest form) {
        return new DeviceInfo(form.get("device_id"), form.get("device_name"), form.get("device_model"),
                form.get("device_os"), form.get("app_version"));
    }

    private static Optional<String> clientIp(Context ctx) {
        String client = RequestObservation.client(ctx);
        return ClientAddresses.UNKNOWN.equals(client) ? Optional.empty() : Optional.ofNullable(client);
    }
}
