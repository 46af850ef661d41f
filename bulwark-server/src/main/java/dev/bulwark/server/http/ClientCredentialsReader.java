package dev.bulwark.server.http;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.oauth.ClientCredentials;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads how a client identified itself: HTTP Basic (whose parts are form-encoded, RFC 6749 §2.3.1), a secret in
 * the form, a private_key_jwt assertion (RFC 7523 §2.2), or only its client_id. More than one method is refused
 * (OAuth 2.1 §2.4).
 */
final class ClientCredentialsReader {
    static final String JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private ClientCredentialsReader() {
    }

    static ClientCredentials read(Context ctx, FormRequest form) {
        Optional<String> formId = form.get("client_id");
        Optional<String> formSecret = form.get("client_secret");
        Optional<String> assertion = form.get("client_assertion");
        String authorization = ctx.header("Authorization");
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        int methods = (basic ? 1 : 0) + (formSecret.isPresent() ? 1 : 0) + (assertion.isPresent() ? 1 : 0);
        if (methods > 1) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "Use one client authentication method per request.");
        }
        if (basic) {
            String[] parts = basicParts(authorization.substring(6).strip());
            if (formId.isPresent() && !formId.get().equals(parts[0])) {
                throw new DomainException(ErrorCode.INVALID_REQUEST, "client_id differs from the authenticated client.");
            }
            return new ClientCredentials.Secret(clientId(parts[0]), parts[1], true);
        }
        if (formSecret.isPresent()) {
            return new ClientCredentials.Secret(clientId(formId.orElseThrow(ClientCredentialsReader::noClient)),
                    formSecret.get(), false);
        }
        if (assertion.isPresent()) {
            if (!form.get("client_assertion_type").map(JWT_BEARER_ASSERTION::equals).orElse(false)) {
                throw new DomainException(ErrorCode.INVALID_REQUEST, "client_assertion_type must be "
                        + JWT_BEARER_ASSERTION + ".");
            }
            return new ClientCredentials.Assertion(formId.map(ClientCredentialsReader::clientId), assertion.get());
        }
        return new ClientCredentials.Public(clientId(formId.orElseThrow(ClientCredentialsReader::noClient)));
    }

    private static String[] basicParts(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("no colon");
            }
            return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            throw new DomainException(ErrorCode.INVALID_CLIENT, "Client authentication failed.");
        }
    }

    private static ClientId clientId(String text) {
        try {
            return new ClientId(text);
        } catch (DomainException malformed) {
            throw new DomainException(ErrorCode.INVALID_CLIENT, "Client authentication failed.");
        }
    }

    private static DomainException noClient() {
        return new DomainException(ErrorCode.INVALID_CLIENT, "Client authentication failed: no client_id.");
    }
}
