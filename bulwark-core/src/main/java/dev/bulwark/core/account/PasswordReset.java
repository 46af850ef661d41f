package dev.bulwark.core.account;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.crypto.TokenDigest;
import dev.bulwark.core.identity.PasswordAuthentication;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserAccounts;
import dev.bulwark.core.mfa.OneTimeCode;
import dev.bulwark.core.mfa.OneTimeCodes;
import dev.bulwark.core.notify.AccountNotices;
import dev.bulwark.core.notify.MessageTexts;
import dev.bulwark.core.protection.CredentialGuard;
import dev.bulwark.core.protection.ThrottleKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Account recovery: a password reset by a code emailed to the account's address. Starting one answers the same,
 * in the same time, whether or not the account exists (the code is sent in the background), and is rate-limited per
 * account (or unknown login) and per source address. Completing one sets the new password and signs the user out of
 * every session and browser.
 */
public final class PasswordReset {
    private static final String ATTEMPT_PREFIX = "reset:";

    private final PasswordAuthentication logins;
    private final OneTimeCodes codes;
    private final UserAccounts accounts;
    private final CredentialGuard guard;
    private final AccountNotices notices;
    private final Executor background;
    private final SecureRandom random;

    public PasswordReset(PasswordAuthentication logins, OneTimeCodes codes, UserAccounts accounts, CredentialGuard guard, AccountNotices notices, Executor background,
                         SecureRandom random) {
        this.logins = logins;
        this.codes = codes;
        this.accounts = accounts;
        this.guard = guard;
        this.notices = notices;
        this.background = background;
        this.random = random;
    }

    /**
     * Starts a reset for a username or email address.
     *
     * @return the reset's handle, which the completion must present with the code; returned whatever the login
     * @throws DomainException {@code too_many_requests} when the source address must back off
     */
    public String start(String login, Optional<String> address) {
        guard.admit(address);
        String handle = TokenDigest.newSecret(random, 32);
        String attempt = ATTEMPT_PREFIX + TokenDigest.of(handle);
        Optional<User> user = logins.findByLogin(login).filter(User::isActive);
        ThrottleKey key = user.map(u -> ThrottleKey.passwordReset(u.id()))
                .orElseGet(() -> ThrottleKey.passwordResetOfUnknown(login));
        try (CredentialGuard.Attempt counted = guard.begin(Optional.of(key), address)) {
            // Every request counts, so that resets slow down per account after a few, as failed sign-ins do.
            counted.failed(user.map(User::id));
            if (!counted.blocked() && user.isPresent() && codes.canSend(user.get(), OneTimeCodes.Channel.EMAIL)) {
                User recipient = user.get();
                background.execute(() -> {
                    try {
                        codes.send(recipient, attempt, OneTimeCodes.Channel.EMAIL, OneTimeCode.Purpose.PASSWORD_RESET);
                    } catch (RuntimeException failed) {
                        // The mailer logs its failures; the caller's answer cannot depend on them.
                    }
                });
            }
        }
        return handle;
    }

    /**
     * Completes a reset: the new password is set, every session ends, and the count of failures against the old
     * password starts again (a user locked out by someone else's guessing gets back in this way).
     *
     * @throws DomainException {@code invalid_credentials} for an unknown handle or a wrong, used or expired code
     *                         (the same answer); {@code password_policy} for a refused password (the code stays valid)
     */
    public void complete(String handle, String code, Password next, Optional<String> address) {
        String attempt = ATTEMPT_PREFIX + TokenDigest.of(handle == null ? "" : handle);
        Optional<OneTimeCode> pending = codes.sent(attempt, OneTimeCodes.Channel.EMAIL)
                .filter(c -> c.purpose() == OneTimeCode.Purpose.PASSWORD_RESET);
        if (pending.isEmpty()) {
            guard.failedFrom(address);
            throw wrongCode();
        }
        var user = pending.get().userId();
        // The policy is checked only after the code matched: its "used before" answer must not be an oracle for
        // someone who merely started a reset.
        if (!codes.verify(user, attempt, OneTimeCodes.Channel.EMAIL, code, address,
                () -> accounts.checkAcceptable(user, next))) {
            throw wrongCode();
        }
        accounts.resetPassword(user, next, Actor.user(user));
        guard.passwordReplaced(user);
        notices.send(user, MessageTexts.Notice.PASSWORD_RESET);
    }

    private static DomainException wrongCode() {
        return new DomainException(ErrorCode.INVALID_CREDENTIALS, "The code is not correct, or has expired.");
    }
}
