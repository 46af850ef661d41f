package dev.bulwark.core.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking a username and password. A refusal carries no user and no reason: callers cannot
 * tell an unknown account from a wrong password or a disabled account, and so cannot tell an attacker.
 */
public record PasswordVerification(Outcome outcome, Optional<User> user) {

    public enum Outcome {
        /** The password is right and current. */
        VERIFIED,
        /** The password is right, but it is one-time or expired: the user must choose a new one first. */
        CHANGE_REQUIRED,
        /** Refused, for whatever reason. */
        REFUSED
    }

    public static final PasswordVerification REFUSED = new PasswordVerification(Outcome.REFUSED, Optional.empty());

    public PasswordVerification {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(user, "user");
        if (user.isPresent() == (outcome == Outcome.REFUSED)) {
            throw new IllegalArgumentException("a refusal has no user, and a success has one");
        }
    }

    /** Whether the user may sign in: the password is right and current. A one-time or expired one is not enough. */
    public boolean signInAllowed() {
        return outcome == Outcome.VERIFIED;
    }

    /** Whether the password was right but must be replaced before the user may do anything else. */
    public boolean changeRequired() {
        return outcome == Outcome.CHANGE_REQUIRED;
    }
}
