package dev.bulwark.core.oauth;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.UserAccounts;
import java.util.Map;
import java.util.Optional;

/**
 * When the password used was one-time or has expired, asks for a new one ({@code new_password}) and sets it:
 * the bootstrap administrator's first sign-in goes through here.
 */
public final class PasswordChangeStep implements ChallengeStep {
    private final UserAccounts accounts;

    public PasswordChangeStep(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Progress apply(App client, AuthSession session, ChallengeRequest request) {
        if (!session.pending().contains(AuthSession.Requirement.PASSWORD_CHANGE)) {
            return Progress.to(session);
        }
        Optional<String> next = request.parameter("new_password");
        if (next.isEmpty()) {
            throw new DomainException(ErrorCode.INSUFFICIENT_AUTHORIZATION,
                    "The password must be changed before signing in: send new_password.")
                    .with(Map.of("password_change_required", true));
        }
        var user = session.userId().orElseThrow();
        accounts.replaceDuePassword(user, Password.of(next.get()), Actor.user(user));
        return Progress.to(session.satisfied(AuthSession.Requirement.PASSWORD_CHANGE));
    }
}
