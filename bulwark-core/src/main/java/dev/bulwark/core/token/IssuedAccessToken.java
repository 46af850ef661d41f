package dev.bulwark.core.token;

import java.time.Instant;

/** A signed access token, its id and when it expires. The token is a bearer credential: it never prints. */
public record IssuedAccessToken(String token, String jti, Instant expiresAt) {
    @Override
    public String toString() {
        return "IssuedAccessToken[" + jti + ", redacted]";
    }
}
