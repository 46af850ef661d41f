package dev.bulwark.core.notify;

/** Port: sends email (an SMTP relay in production). */
public interface Mailer {

    /**
     * Sends the mail or throws; callers decide whether a failure matters.
     *
     * @throws MailFailure when the relay refused it or could not be reached
     */
    void send(Mail mail);

    /** A mail that could not be sent; says why without the mail's text. */
    final class MailFailure extends RuntimeException {
        public MailFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
