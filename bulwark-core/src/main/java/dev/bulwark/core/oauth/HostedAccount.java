package dev.bulwark.core.oauth;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.TokenDigest;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserRepository;
import dev.bulwark.core.mfa.Passkey;
import dev.bulwark.core.mfa.Passkeys;
import dev.bulwark.core.session.BrowserSession;
import dev.bulwark.core.session.BrowserSessionRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hosted passkey page: a user signed in in this browser (the single-sign-on cookie) adds passkeys there. The same
 * rule as the account API: a sign-in of the last 10 minutes, with two factors once the user has a factor.
 */
public final class HostedAccount {
    private final BrowserSessionRepository browserSessions;
    private final UserRepository users;
    private final SecondFactorChoice choice;
    private final Passkeys passkeys;
    private final Clock clock;

    public HostedAccount(BrowserSessionRepository browserSessions, UserRepository users, SecondFactorChoice choice,
                         Passkeys passkeys, Clock clock) {
        this.browserSessions = browserSessions;
        this.users = users;
        this.choice = choice;
        this.passkeys = passkeys;
        this.clock = clock;
    }

    /** The user signed in in this browser recently and strongly enough to change their passkeys, if any. */
    public Optional<User> freshUser(Optional<String> browserSession) {
        Instant now = clock.instant();
        Optional<BrowserSession> session = browserSession.filter(c -> c.length() <= 100)
                .flatMap(cookie -> browserSessions.find(TokenDigest.of(cookie)))
                .filter(s -> s.expiresAt().isAfter(now))
                .filter(s -> !s.authTime().isBefore(now.minus(dev.bulwark.core.mfa.SecondFactors.CHANGE_MAX_AGE)));
        return session.flatMap(s -> users.findById(s.userId()).filter(User::isActive)
                .filter(user -> Assurance.AAL2.equals(Assurance.of(s.methods())) || !choice.hasAnyFactor(user.id())));
    }

    public List<Passkey> passkeysOf(User user) {
        return passkeys.of(user.id());
    }

    public Map<String, Object> registrationOptions(Optional<String> browserSession) {
        return passkeys.registrationOptions(require(browserSession));
    }

    public Passkey register(Optional<String> browserSession, String response, String name) {
        User user = require(browserSession);
        return passkeys.register(user.id(), response, name, Actor.user(user.id()));
    }

    private User require(Optional<String> browserSession) {
        return freshUser(browserSession).orElseThrow(() -> new DomainException(ErrorCode.ACCESS_DENIED,
                "Sign in again (with your second factor, if you have one) to manage passkeys."));
    }
}
