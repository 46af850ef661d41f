package dev.bulwark.server.http;

import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.oauth.ClientAuthenticator;
import dev.bulwark.core.token.SigningAlgorithm;
import dev.bulwark.server.Endpoints;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authorization server's metadata (RFC 8414, OpenID Connect Discovery 1.0 §3), one document served at both
 * well-known paths. It lists exactly what Bulwark does, and nothing it does not.
 */
final class ProtocolMetadata {
    private ProtocolMetadata() {
    }

    static Map<String, Object> of(String issuer, SigningAlgorithm idTokenAlgorithm,
                                  SigningAlgorithm accessTokenAlgorithm) {
        List<String> clientAuthentication = List.of("client_secret_basic", "client_secret_post", "private_key_jwt",
                "none");
        List<String> assertionAlgorithms = ClientAuthenticator.ASSERTION_ALGORITHM_NAMES;
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer);
        metadata.put("authorization_endpoint", issuer + Endpoints.AUTHORIZE);
        metadata.put("token_endpoint", issuer + Endpoints.TOKEN);
        metadata.put("userinfo_endpoint", issuer + Endpoints.USERINFO);
        metadata.put("jwks_uri", issuer + Endpoints.JWKS);
        metadata.put("revocation_endpoint", issuer + Endpoints.REVOKE);
        metadata.put("introspection_endpoint", issuer + Endpoints.INTROSPECT);
        // The first-party apps draft §4.1.
        metadata.put("authorization_challenge_endpoint", issuer + Endpoints.AUTHORIZE_CHALLENGE);
        metadata.put("scopes_supported", List.of(Scopes.OPENID, "profile", "email", "phone", Scopes.OFFLINE_ACCESS,
                Scopes.ACCOUNT, Scopes.ADMIN));
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("response_modes_supported", List.of("query"));
        metadata.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", List.of(idTokenAlgorithm.joseName()));
        metadata.put("token_endpoint_auth_methods_supported", clientAuthentication);
        metadata.put("token_endpoint_auth_signing_alg_values_supported", assertionAlgorithms);
        metadata.put("revocation_endpoint_auth_methods_supported", clientAuthentication);
        metadata.put("revocation_endpoint_auth_signing_alg_values_supported", assertionAlgorithms);
        metadata.put("introspection_endpoint_auth_methods_supported",
                List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
        metadata.put("introspection_endpoint_auth_signing_alg_values_supported", assertionAlgorithms);
        metadata.put("code_challenge_methods_supported", List.of("S256"));
        // RFC 9449 §5.1.
        metadata.put("dpop_signing_alg_values_supported", dev.bulwark.core.token.DpopVerifier.ALGORITHMS.stream()
                .map(com.nimbusds.jose.JWSAlgorithm::getName).sorted().toList());
        metadata.put("prompt_values_supported", List.of("none", "login"));
        metadata.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr",
                "sid", "at_hash", "preferred_username", "updated_at", "email", "email_verified", "phone_number",
                "phone_number_verified"));
        metadata.put("claims_parameter_supported", false);
        metadata.put("request_parameter_supported", false);
        metadata.put("request_uri_parameter_supported", false);
        metadata.put("authorization_response_iss_parameter_supported", true);
        metadata.put("access_token_signing_alg_values_supported", List.of(accessTokenAlgorithm.joseName()));
        return metadata;
    }
}
