package dev.bulwark.core.oauth;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated authorization request, kept server-side while the user signs in on the hosted page. The browser
 * holds only an opaque handle to it and a cookie that binds it to that browser.
 *
 * @param browserBinding digest of the cookie value set when the sign-in page was shown; the sign-in must come
 *                       from the same browser (login CSRF)
 * @param forceLogin     {@code prompt=login} or an exceeded {@code max_age}: an existing browser session is not enough
 * @param twoFactorsAsked the app asked for two factors ({@code acr_values}), whatever its policy
 * @param identifiedUser  set once the password was right but more is due before the code is issued
 * @param secondFactorDue the user must pass (or enrol and pass) a second factor next
 * @param methods         RFC 8176 methods passed so far
 * @param confirmation    what the user must confirm before the code is issued, once they are identified
 */
public record AuthorizationRequest(String digest, ClientId clientId, String redirectUri, Scopes scopes,
                                   Optional<String> state, Optional<String> nonce, String codeChallenge,
                                   boolean forceLogin, boolean twoFactorsAsked, String browserBinding,
                                   Optional<UserId> identifiedUser, Optional<Instant> authTime,
                                   boolean secondFactorDue, boolean passwordChangeDue, List<String> methods,
                                   Confirmation confirmation, Instant createdAt, Instant expiresAt) {
    /**
     * What a signed-in user confirms on the hosted pages before an app gets its code: nothing; that they continue as
     * themselves (a public client riding on single sign-on, which another app could impersonate, RFC 8252 §8.6); or
     * consent to a third-party app's scopes.
     */
    public enum Confirmation {
        NONE, CONTINUE, CONSENT
    }

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
        methods = List.copyOf(methods);
        Objects.requireNonNull(confirmation, "confirmation");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The password identified the user; what is still due before the code. */
    AuthorizationRequest identified(UserId user, Instant at, boolean secondFactor, boolean passwordChange) {
        return new AuthorizationRequest(digest, clientId, redirectUri, scopes, state, nonce, codeChallenge, forceLogin,
                twoFactorsAsked, browserBinding, Optional.of(user), Optional.of(at), secondFactor, passwordChange,
                List.of(Assurance.PASSWORD), confirmation, createdAt, expiresAt);
    }

    /** Signed in by something other than a password (a passkey), with these methods. */
    AuthorizationRequest signedInWith(UserId user, Instant at, List<String> passedMethods) {
        return new AuthorizationRequest(digest, clientId, redirectUri, scopes, state, nonce, codeChallenge, forceLogin,
                twoFactorsAsked, browserBinding, Optional.of(user), Optional.of(at), false, false, passedMethods,
                confirmation, createdAt, expiresAt);
    }

    AuthorizationRequest awaitingSecondFactor() {
        return new AuthorizationRequest(digest, clientId, redirectUri, scopes, state, nonce, codeChallenge, forceLogin,
                twoFactorsAsked, browserBinding, identifiedUser, authTime, true, passwordChangeDue, methods,
                confirmation, createdAt, expiresAt);
    }

    AuthorizationRequest secondFactorPassed(String method) {
        List<String> passed = new java.util.ArrayList<>(methods);
        passed.add(method);
        return new AuthorizationRequest(digest, clientId, redirectUri, scopes, state, nonce, codeChallenge, forceLogin,
                twoFactorsAsked, browserBinding, identifiedUser, authTime, false, passwordChangeDue, passed,
                confirmation, createdAt, expiresAt);
    }

    /** Signed in, with {@code confirmation} still due before the code. */
    AuthorizationRequest awaiting(Confirmation due, UserId user, Instant at, List<String> passedMethods) {
        return new AuthorizationRequest(digest, clientId, redirectUri, scopes, state, nonce, codeChallenge, forceLogin,
                twoFactorsAsked, browserBinding, Optional.of(user), Optional.of(at), false, false, passedMethods, due,
                createdAt, expiresAt);
    }

    /** Back to the sign-in form, as someone else: nobody identified, a fresh sign-in demanded. */
    AuthorizationRequest anotherAccount() {
        return new AuthorizationRequest(digest, clientId, redirectUri, scopes, state, nonce, codeChallenge, true,
                twoFactorsAsked, browserBinding, Optional.empty(), Optional.empty(), false, false, List.of(),
                confirmation == Confirmation.CONSENT ? Confirmation.CONSENT : Confirmation.NONE, createdAt, expiresAt);
    }
}

