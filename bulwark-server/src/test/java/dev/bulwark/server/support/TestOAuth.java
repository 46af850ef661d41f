package dev.bulwark.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.oauth.Pkce;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;

/** PKCE pairs, JSON bodies and the usual sign-in and refresh for protocol tests. */
public final class TestOAuth {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestOAuth() {
    }

    public record Pkce(String verifier, String challenge) {
    }

    public static Pkce pkce() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new Pkce(verifier, dev.bulwark.core.oauth.Pkce.s256(verifier));
    }

    /**
     * A first-party sign-in with a password through the challenge endpoint (no second factor asked), and the code
     * exchanged: the token response.
     */
    public static JsonNode passwordSignIn(URI base, String clientId, String username, String password) {
        Pkce pkce = pkce();
        HttpResponse<String> challenged = Form.of("client_id", clientId, "response_type", "code", "scope", "openid",
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256", "username", username,
                "password", password).post(base, "oauth2/authorize-challenge");
        String code = json(challenged).get("authorization_code").asText();
        return json(Form.of("grant_type", "authorization_code", "client_id", clientId, "code", code,
                "code_verifier", pkce.verifier()).post(base, "oauth2/token"));
    }

    /** A public client's refresh. */
    public static HttpResponse<String> refresh(URI base, String clientId, String refreshToken) {
        return Form.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken)
                .post(base, "oauth2/token");
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }
}
