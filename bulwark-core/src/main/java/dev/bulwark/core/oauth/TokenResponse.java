package dev.bulwark.core.oauth;

import dev.bulwark.core.app.Scopes;
import java.util.Optional;

/** A successful token response (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3). Never prints its tokens. */
public record TokenResponse(String accessToken, long expiresIn, Optional<String> refreshToken, Optional<String> idToken,
                            Scopes scope, boolean dpopBound) {
    public static final String TOKEN_TYPE = "Bearer";
    /** RFC 9449 §5: the type of an access token bound to a DPoP key. */
    public static final String DPOP_TOKEN_TYPE = "DPoP";

    public String tokenType() {
        return dpopBound ? DPOP_TOKEN_TYPE : TOKEN_TYPE;
    }

    @Override
    public String toString() {
        return "TokenResponse[expires_in=" + expiresIn + ", scope=" + scope + ", redacted]";
    }
}
