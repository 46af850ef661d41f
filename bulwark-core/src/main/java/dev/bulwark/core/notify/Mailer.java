package dev.bulwark.core.notify;

/** Port: sends email (an SMTP relay in production). */
public interface Mailer {

    /**
     * Sends the mail or throws; callers decide whether a failure matters.
     *
     * @throws DeliveryFailure when the relay refused it or could not be reached
     */
    void send(Mail mail);
}
