package dev.bulwark.core.notify;

import dev.bulwark.core.identity.EmailAddress;
import java.util.Objects;

/** One plain-text email. Its text may hold a one-time code, so it never prints. */
public record Mail(EmailAddress to, String subject, String text) {
    public Mail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return "Mail[" + subject + ", redacted]";
    }
}
