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
    UNAVAILABLE("temporarily_unavailable");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The stable, machine-readable code sent to clients. */
    public String code() {
        return code;
    }
}
