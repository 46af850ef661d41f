package dev.bulwark.core.protection;

import dev.bulwark.core.crypto.TokenDigest;
import dev.bulwark.core.identity.UserId;
import java.util.Locale;
import java.util.Objects;

/**
 * What failed attempts are counted against: an account, a login that names no account (counted the same way, so
 * that a lock tells nothing about whether an account exists), or a source address. Logins and addresses
 * are stored as digests.
 */
public record ThrottleKey(Kind kind, String value) {
    public enum Kind {
        /** Guesses at an account's credential: consecutive failures, until a success. */
        ACCOUNT,
        /** Failures from one source network, within a window. */
        ADDRESS,
        /** Requests that guess nothing but must not come too often (starting password resets), within a window. */
        REQUESTS
    }

    public ThrottleKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    public static ThrottleKey user(UserId id) {
        return new ThrottleKey(Kind.ACCOUNT, "user:" + id);
    }

    /**
     * A user's second-factor checks: counted apart from their password, so that a phone's mistyped codes do not
     * lock the password, and a guessed password does not lock the codes.
     */
    public static ThrottleKey secondFactor(UserId id) {
        return new ThrottleKey(Kind.ACCOUNT, "factor:" + id);
    }

    /**
     * A user's password reset requests: counted apart, so that resets cannot lock the password or the codes, and
     * within a window, since starting a reset guesses nothing.
     */
    public static ThrottleKey passwordReset(UserId id) {
        return new ThrottleKey(Kind.REQUESTS, "reset:" + id);
    }

    /** Password reset requests for a login that names no account: counted exactly as for one that does. */
    public static ThrottleKey passwordResetOfUnknown(String login) {
        return new ThrottleKey(Kind.REQUESTS, "reset-login:" + TokenDigest.of(login.toLowerCase(Locale.ROOT)));
    }

    /**
     * Wrong codes typed to complete a user's password reset: counted apart from their second factors, so that
     * anyone who starts resets cannot lock those, and apart from starting resets.
     */
    public static ThrottleKey passwordResetCode(UserId id) {
        return new ThrottleKey(Kind.ACCOUNT, "reset-code:" + id);
    }

    /** A login that matched no account. */
    public static ThrottleKey unknownLogin(String login) {
        return new ThrottleKey(Kind.ACCOUNT, "login:" + TokenDigest.of(login.toLowerCase(Locale.ROOT)));
    }

    /**
     * A source address. An IPv6 address is counted by its /64 network: one subscriber or host usually holds a whole
     * /64 and can pick any address in it, so counting single addresses would count nothing.
     */
    public static ThrottleKey address(String address) {
        return new ThrottleKey(Kind.ADDRESS, "address:" + TokenDigest.of(SourceNetwork.of(address)));
    }

    /** The stored form. */
    public String stored() {
        return value;
    }

    @Override
    public String toString() {
        return kind + "[" + (kind == Kind.ADDRESS || value.startsWith("login:") || value.startsWith("reset-login:")
                ? "digest" : value) + "]";
    }
}
