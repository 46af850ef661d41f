package dev.bulwark.core.notify;

import dev.bulwark.core.identity.EmailAddress;
import java.time.Duration;

/**
 * The texts of Bulwark's emails and text messages: short, plain, saying what to do if the reader did not ask for it,
 * and never holding anything but a one-time code that is useless after its few minutes (never in an email's
 * subject, which lock screens show).
 *
 * @param productName what the user knows the service as, in subjects and greetings
 */
public record MessageTexts(String productName) {

    public Mail signInCode(EmailAddress to, String code, Duration lifetime) {
        return new Mail(to, "Your " + productName + " sign-in code", "Your " + productName + " sign-in code is\n\n    "
                + code + "\n\nIt works once, for " + lifetime.toMinutes() + " minutes. If you are not signing in "
                + "right now, someone else knows your password: change it.\n");
    }

    /** A sign-in code by SMS: short enough for one segment, and says not to share it (SMS phishing relays codes). */
    public String smsSignInCode(String code, Duration lifetime) {
        return productName + " code: " + code + ". Valid " + lifetime.toMinutes() + " min. Never share it; we "
                + "will never ask for it.";
    }

    public Mail passwordResetCode(EmailAddress to, String code, Duration lifetime) {
        return new Mail(to, "Reset your " + productName + " password", "Someone asked to reset the password of "
                + "your " + productName + " account. The code is\n\n    " + code + "\n\nIt works once, for "
                + lifetime.toMinutes() + " minutes. Resetting signs you out everywhere. If it was not you, ignore "
                + "this message: your password has not changed.\n");
    }

    /** A security notice: something changed on the account. */
    public Mail notice(EmailAddress to, Notice notice) {
        String what = switch (notice) {
            case PASSWORD_CHANGED -> "The password of your " + productName + " account was changed.";
            case PASSWORD_RESET -> "The password of your " + productName + " account was reset, and every session "
                    + "was signed out.";
            case FACTOR_ADDED -> "A second factor was added to your " + productName + " account.";
            case FACTOR_REMOVED -> "A second factor was removed from your " + productName + " account.";
            case NEW_DEVICE -> "Your " + productName + " account was signed in on a device it had not been used "
                    + "on before.";
        };
        return new Mail(to, productName + " security notice", what + "\n\nIf this was you, there is nothing to do. "
                + "If not, reset your password now and review your devices and second factors.\n");
    }

    /** What a security notice is about. */
    public enum Notice {
        PASSWORD_CHANGED, PASSWORD_RESET, FACTOR_ADDED, FACTOR_REMOVED, NEW_DEVICE
    }
}
