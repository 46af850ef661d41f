package dev.bulwark.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A first-party sign-in in progress on the authorization challenge endpoint, as a native app drives it: the first
 * request carries the PKCE challenge and scope, the next ones the auth_session from the last answer.
 */
public final class ChallengeSignIn {
    private final URI base;
    private final String client;
    private final String scope;
    private final TestOAuth.Pkce pkce = TestOAuth.pkce();
    private String session;

    public ChallengeSignIn(URI base, String client, String scope) {
        this.base = base;
        this.client = client;
        this.scope = scope;
    }

    /** One request with these parameters; the answer's JSON. */
    public JsonNode send(String... pairs) {
        return sendWithHeaders(new String[0], pairs);
    }

    /** One request with these headers (name, value, …), such as a DPoP proof, and parameters; the answer's JSON. */
    public JsonNode sendWithHeaders(String[] headers, String... pairs) {
        List<String> all = new ArrayList<>(List.of("client_id", client));
        if (session == null) {
            all.addAll(List.of("response_type", "code", "scope", scope, "code_challenge", pkce.challenge(),
                    "code_challenge_method", "S256"));
        } else {
            all.addAll(List.of("auth_session", session));
        }
        all.addAll(List.of(pairs));
        JsonNode json = TestOAuth.json(Form.of(all.toArray(String[]::new)).post(base, "oauth2/authorize-challenge",
                headers));
        if (json.has("auth_session")) {
            session = json.get("auth_session").asText();
        }
        return json;
    }

    /** The PKCE verifier, for a code exchange the test makes itself. */
    public String verifier() {
        return pkce.verifier();
    }

    /** The tokens for the code in a successful answer. */
    public JsonNode tokens(JsonNode passed) {
        assertThat(passed.has("authorization_code")).as(passed.toString()).isTrue();
        return TestOAuth.json(Form.of("grant_type", "authorization_code", "client_id", client, "code",
                passed.get("authorization_code").asText(), "code_verifier", pkce.verifier())
                .post(base, "oauth2/token"));
    }

    public JWTClaimsSet idToken(JsonNode passed) throws Exception {
        return SignedJWT.parse(tokens(passed).get("id_token").asText()).getJWTClaimsSet();
    }
}
