package dev.bulwark.core.oauth;

import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.session.DeviceInfo;
import java.util.Optional;

/** A token endpoint request, by grant (RFC 6749 §4.1.3, §6, §4.4). Credentials never print. */
public sealed interface TokenRequest {

    ClientCredentials client();

    /** The address the request came from, when known: for brute-force protection and the device record. */
    Optional<String> clientIp();

    /** The request's DPoP proof (the {@code DPoP} header), when it carried one. */
    Optional<String> dpopProof();

    record AuthorizationCodeGrant(ClientCredentials client, String code, Optional<String> redirectUri,
                                  Optional<String> codeVerifier, DeviceInfo device, Optional<String> clientIp,
                                  Optional<String> dpopProof)
            implements TokenRequest {
        @Override
        public String toString() {
            return "AuthorizationCodeGrant[" + client + ", redacted]";
        }
    }

    record RefreshTokenGrant(ClientCredentials client, String refreshToken, Optional<Scopes> scope,
                             Optional<String> clientIp, Optional<String> dpopProof) implements TokenRequest {
        @Override
        public String toString() {
            return "RefreshTokenGrant[" + client + ", redacted]";
        }
    }

    record ClientCredentialsGrant(ClientCredentials client, Optional<Scopes> scope, Optional<String> clientIp,
                                  Optional<String> dpopProof) implements TokenRequest {
    }
}
