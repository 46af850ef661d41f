package dev.bulwark.core.oauth;

import dev.bulwark.core.app.Scopes;
import java.util.Optional;

/** A successful token response (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3). Never prints its tokens. */
public record TokenResponse(String accessToken, long expiresIn, Optional<String> refreshToken, Optional<String> idToken,
                            Scopes scope) {
    public static final String TOKEN_TYPE = "Bearer";

    @Override
    public String toString() {
        return "TokenResponse[expires_in=" + expiresIn + ", scope=" + scope + ", redacted]";
    }
}
