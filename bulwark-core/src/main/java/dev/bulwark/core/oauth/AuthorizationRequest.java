package dev.bulwark.core.oauth;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated authorization request, kept server-side while the user signs in on the hosted page. The browser
 * holds only an opaque handle to it and a cookie that binds it to that browser.
 *
 * @param browserBinding digest of the cookie value set when the sign-in page was shown; the sign-in must come
 *                       from the same browser (login CSRF)
 * @param forceLogin     {@code prompt=login} or an exceeded {@code max_age}: an existing browser session is not enough
 * @param identifiedUser set once the password was right but must be changed before the code is issued
 */
public record AuthorizationRequest(String digest, ClientId clientId, String redirectUri, Scopes scopes,
                                   Optional<String> state, Optional<String> nonce, String codeChallenge,
                                   boolean forceLogin, String browserBinding, Optional<UserId> identifiedUser,
                                   Optional<Instant> authTime, boolean passwordChangeDue, Instant createdAt,
                                   Instant expiresAt) {
    public AuthorizationRequest {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        Objects.requireNonNull(browserBinding, "browserBinding");
        Objects.requireNonNull(identifiedUser, "identifiedUser");
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    AuthorizationRequest awaitingPasswordChange(UserId user, Instant at) {
        return new AuthorizationRequest(digest, clientId, redirectUri, scopes, state, nonce, codeChallenge, forceLogin,
                browserBinding, Optional.of(user), Optional.of(at), true, createdAt, expiresAt);
    }
}

