package dev.bulwark.core.notify;

import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.identity.UserRepository;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Emails a user when something security-relevant changes on their account, so that a change they did not make is
 * noticed. Sent in the background: a slow or failing relay never fails or delays the change itself (the mailer
 * logs its failures). Users without an email address, and deployments without mail, get no notices.
 */
public final class AccountNotices {
    private final UserRepository users;
    private final Optional<Mailer> mailer;
    private final MessageTexts texts;
    private final Executor background;

    public AccountNotices(UserRepository users, Optional<Mailer> mailer, MessageTexts texts, Executor background) {
        this.users = users;
        this.mailer = mailer;
        this.texts = texts;
        this.background = background;
    }

    public void send(UserId user, MessageTexts.Notice notice) {
        if (mailer.isEmpty()) {
            return;
        }
        users.findById(user).flatMap(User::email).ifPresent(email -> background.execute(() -> {
            try {
                mailer.get().send(texts.notice(email, notice));
            } catch (RuntimeException failed) {
                // Logged by the mailer; a notice is best effort.
            }
        }));
    }
}
