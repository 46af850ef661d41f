package dev.bulwark.core.mfa;

import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A code sent to the user (by email; SMS later) for one sign-in attempt or one password reset, stored as a keyed MAC.
 *
 * @param attempt  what the code is bound to: the digest of the auth session, authorization request or reset request
 * @param purpose  why it was sent
 * @param sends    how many codes were sent for this attempt (each new one replaces the last)
 * @param failures wrong codes tried against it
 */
public record OneTimeCode(String attempt, Purpose purpose, UserId userId, String mac, Instant sentAt,
                          Instant expiresAt, int sends, int failures, Optional<Instant> usedAt) {
    public enum Purpose {
        SIGN_IN, PASSWORD_RESET
    }

    public OneTimeCode {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(usedAt, "usedAt");
    }

    @Override
    public String toString() {
        return "OneTimeCode[" + purpose + ", " + userId + ", redacted]";
    }
}
