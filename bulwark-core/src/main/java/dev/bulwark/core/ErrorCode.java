package dev.bulwark.core;

/**
 * What went wrong, in terms a client can act on. The HTTP layer maps each code to a status and to the
 * error format of the surface it serves (OAuth error JSON on protocol endpoints, RFC 9457 problem JSON
 * elsewhere); core never sees HTTP.
 */
public enum ErrorCode {
    /** The input is malformed or breaks a rule; the request changed nothing. */
    INVALID_REQUEST("invalid_request"),
    /** A password was refused by the password policy; the violations say why. */
    PASSWORD_POLICY("password_policy"),
    /** The thing asked for does not exist (only where saying so leaks nothing). */
    NOT_FOUND("not_found"),
    /** The change conflicts with existing state, such as a username already taken. */
    CONFLICT("conflict"),
    /** A credential did not verify; deliberately says nothing about which part was wrong. */
    INVALID_CREDENTIALS("invalid_credentials"),
    /** A dependency such as the database is unavailable; the request failed closed. */
    UNAVAILABLE("temporarily_unavailable"),

    // OAuth 2.0 (RFC 6749 §5.2, RFC 6750 §3.1) and the first-party apps draft.
    /** The client could not be authenticated, or is unknown. */
    INVALID_CLIENT("invalid_client"),
    /** The grant (code, refresh token, credentials) is invalid, expired, revoked or was issued to another client. */
    INVALID_GRANT("invalid_grant"),
    /** The client may not use this grant or endpoint. */
    UNAUTHORIZED_CLIENT("unauthorized_client"),
    /** The grant type is not supported. */
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type"),
    /** The requested scope is invalid, unknown or beyond what the client may ask for. */
    INVALID_SCOPE("invalid_scope"),
    /** The user or the server refused the request. */
    ACCESS_DENIED("access_denied"),
    /** More is needed before an authorization code can be issued (first-party apps: the next step). */
    INSUFFICIENT_AUTHORIZATION("insufficient_authorization"),
    /** The auth_session is unknown, expired, or belongs to another client (first-party apps). */
    INVALID_SESSION("invalid_session"),
    /** The request cannot be completed in the app; it must continue in a browser (first-party apps). */
    REDIRECT_TO_WEB("redirect_to_web"),
    /** The access token is missing, malformed, expired or revoked (RFC 6750). */
    INVALID_TOKEN("invalid_token"),
    /** The access token lacks a scope the request needs (RFC 6750). */
    INSUFFICIENT_SCOPE("insufficient_scope"),
    /** The sign-in behind the token is too old or too weak for this operation: sign in again (RFC 9470). */
    INSUFFICIENT_USER_AUTHENTICATION("insufficient_user_authentication"),
    /** The DPoP proof is missing, malformed, or fails a check of RFC 9449 §4.3. */
    INVALID_DPOP_PROOF("invalid_dpop_proof"),
    /** The DPoP proof must carry the server's current nonce, sent in the DPoP-Nonce header (RFC 9449 §8). */
    USE_DPOP_NONCE("use_dpop_nonce"),
    /** The device falls short of the app's device policy; {@code reasons} say how. */
    DEVICE_NOT_TRUSTED("device_not_trusted"),
    /** The caller must slow down before trying again. */
    TOO_MANY_REQUESTS("too_many_requests");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The stable, machine-readable code sent to clients. */
    public String code() {
        return code;
    }
}
