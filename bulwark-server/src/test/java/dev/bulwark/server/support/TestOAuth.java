package dev.bulwark.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.oauth.Pkce;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;

/** PKCE pairs and JSON bodies for protocol tests. */
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

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }
}
