package dev.bulwark.core.oauth;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.PasswordAuthentication;
import dev.bulwark.core.identity.PasswordVerification;
import dev.bulwark.core.identity.User;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Identifies the user by username (or email address) and password. A right but one-time or expired password
 * identifies the user and leaves a password change pending. A wrong one says nothing about why.
 */
public final class PasswordStep implements ChallengeStep {
    private static final int LONGEST = 4_096;

    private final PasswordAuthentication passwords;
    private final Clock clock;

    public PasswordStep(PasswordAuthentication passwords, Clock clock) {
        this.passwords = passwords;
        this.clock = clock;
    }

    @Override
    public Progress apply(App client, AuthSession session, ChallengeRequest request) {
        if (session.userId().isPresent()) {
            return Progress.to(session);
        }
        Optional<String> username = request.parameter("username");
        Optional<String> password = request.parameter("password");
        if (username.isEmpty() || password.isEmpty()) {
            throw new DomainException(ErrorCode.INSUFFICIENT_AUTHORIZATION, "Sign in with username and password.");
        }
        if (username.get().length() > LONGEST || password.get().length() > LONGEST) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "The username or password is too long.");
        }
        PasswordAuthentication.Attempt attempt = passwords.attempt(username.get(), Password.of(password.get()),
                request.clientIp(), Actor.ANONYMOUS);
        PasswordVerification result = attempt.verification();
        if (!result.signInAllowed() && !result.changeRequired()) {
            throw new DomainException(ErrorCode.ACCESS_DENIED, "The username or password is not correct.")
                    .with(java.util.Map.of(ChallengeService.FAILED_ATTEMPT, true));
        }
        User user = result.user().orElseThrow();
        return new Progress(session.authenticated(user.id(), clock.instant(), Assurance.PASSWORD,
                result.changeRequired() ? Set.of(AuthSession.Requirement.PASSWORD_CHANGE) : Set.of()),
                List.copyOf(attempt.verified().stream().toList()));
    }
}
