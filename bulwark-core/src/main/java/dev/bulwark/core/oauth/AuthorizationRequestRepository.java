package dev.bulwark.core.oauth;

import java.time.Instant;
import java.util.Optional;

/** Port: pending authorization requests, by digest of their handle. Never returns null. */
public interface AuthorizationRequestRepository {

    void insert(AuthorizationRequest request);

    Optional<AuthorizationRequest> find(String digest);

    /** Stores the request's progress (a user identified, a password change due). */
    void update(AuthorizationRequest request);

    /** Removes the request: it is used once, when the code is issued. Returns whether it was there. */
    boolean delete(String digest);

    void deleteExpired(Instant before);
}
