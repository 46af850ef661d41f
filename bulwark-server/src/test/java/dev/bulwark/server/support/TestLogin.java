package dev.bulwark.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;

/** Signs a user in through the first-party challenge endpoint and exchanges the code: a phone's login, in two calls. */
public final class TestLogin {
    private TestLogin() {
    }

    /** The token response of a successful sign-in on device {@code deviceId}; fails the test otherwise. */
    public static JsonNode tokens(URI base, String clientId, String username, String password, String scope,
                                  String deviceId) {
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        HttpResponse<String> challenged = Form.of("client_id", clientId, "response_type", "code", "scope", scope,
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256", "username", username,
                "password", password).post(base, "oauth2/authorize-challenge");
        if (challenged.statusCode() != 200) {
            throw new AssertionError("sign-in failed (" + challenged.statusCode() + "): " + challenged.body());
        }
        HttpResponse<String> exchanged = Form.of("grant_type", "authorization_code", "client_id", clientId,
                "code", TestOAuth.json(challenged).get("authorization_code").asText(), "code_verifier", pkce.verifier(),
                "device_id", deviceId, "device_name", "Phone " + deviceId, "device_model", "Pixel 9",
                "device_os", "Android 16", "app_version", "3.2.1").post(base, "oauth2/token");
        if (exchanged.statusCode() != 200) {
            throw new AssertionError("exchange failed (" + exchanged.statusCode() + "): " + exchanged.body());
        }
        return TestOAuth.json(exchanged);
    }

    /** A refresh; the response whatever it is. */
    public static HttpResponse<String> refresh(URI base, String clientId, String refreshToken) {
        return Form.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken)
                .post(base, "oauth2/token");
    }
}
