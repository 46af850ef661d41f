package dev.bulwark.core.oauth;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The server-side state of a first-party sign-in (the draft's {@code auth_session}): which client, what it asks
 * for, who has been identified, which methods they passed, and what is still required. The client holds only an
 * opaque 256-bit value; this stores its digest.
 *
 * @param methods  RFC 8176 methods passed so far, such as {@code pwd}
 * @param pending  steps still required before a code can be issued
 * @param failures failed attempts in this auth session, to bound guessing through one session
 * @param attestedKey the JWK thumbprint of the key the device attested in this attempt, if it did
 */
public record AuthSession(String digest, ClientId clientId, Scopes scopes, String codeChallenge,
                          Optional<UserId> userId, Optional<Instant> authTime, List<String> methods,
                          Set<Requirement> pending, int failures, Optional<String> attestedKey, Instant createdAt,
                          Instant expiresAt) {

    /** What a step can demand before a code is issued. Later factors add theirs. */
    public enum Requirement {
        /** The password is one-time or expired: the user must choose a new one (parameter {@code new_password}). */
        PASSWORD_CHANGE,
        /** A second factor must be passed (or, for a user without one, enrolled and passed). */
        SECOND_FACTOR
    }

    public AuthSession {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(authTime, "authTime");
        methods = List.copyOf(methods);
        pending = Set.copyOf(pending);
        Objects.requireNonNull(attestedKey, "attestedKey");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    AuthSession authenticated(UserId user, Instant at, String method, Set<Requirement> newlyPending) {
        List<String> passed = new java.util.ArrayList<>(methods);
        if (!passed.contains(method)) {
            passed.add(method);
        }
        Set<Requirement> stillPending = new java.util.HashSet<>(pending);
        stillPending.addAll(newlyPending);
        return new AuthSession(digest, clientId, scopes, codeChallenge, Optional.of(user), Optional.of(at), passed,
                stillPending, failures, attestedKey, createdAt, expiresAt);
    }

    AuthSession satisfied(Requirement requirement) {
        Set<Requirement> stillPending = new java.util.HashSet<>(pending);
        stillPending.remove(requirement);
        return new AuthSession(digest, clientId, scopes, codeChallenge, userId, authTime, methods, stillPending,
                failures, attestedKey, createdAt, expiresAt);
    }

    AuthSession failed() {
        return new AuthSession(digest, clientId, scopes, codeChallenge, userId, authTime, methods, pending,
                failures + 1, attestedKey, createdAt, expiresAt);
    }

    AuthSession attested(String keyThumbprint) {
        return new AuthSession(digest, clientId, scopes, codeChallenge, userId, authTime, methods, pending, failures,
                Optional.of(keyThumbprint), createdAt, expiresAt);
    }
}
