package dev.bulwark.core.oauth;

import dev.bulwark.core.Violation;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** What the hosted authorization flow does next; the HTTP layer renders it. */
public sealed interface AuthorizationOutcome {

    /**
     * An error page: the request cannot be trusted to redirect, because its client or redirect URI did not check
     * out (RFC 6749 §4.1.2.1). Never a redirect.
     */
    record ErrorPage(String message) implements AuthorizationOutcome {
    }

    /**
     * Send the browser to the app (303 See Other): with a code, or with an error.
     *
     * @param browserSession a new single-sign-on cookie value to set, after a sign-in
     */
    record Redirect(URI location, Optional<String> browserSession) implements AuthorizationOutcome {
        @Override
        public String toString() {
            return "Redirect[redacted]";
        }
    }

    /**
     * The sign-in form.
     *
     * @param requestHandle  what the form posts back, naming the pending request
     * @param browserBinding a cookie value to set that binds the request to this browser
     * @param formTarget     where the form may lead: the app's redirect URI, for the page's content security policy
     * @param offerPasskey   whether the app accepts passkeys, so the page offers "Sign in with a passkey"
     */
    record SignInPage(String requestHandle, Optional<String> browserBinding, String appName, String formTarget,
                      Optional<String> error, boolean offerPasskey) implements AuthorizationOutcome {
        @Override
        public String toString() {
            return "SignInPage[" + appName + "]";
        }
    }

    /**
     * The second-factor form: a code from one of {@code factors}, or, for a user who must enrol one first, an
     * authenticator app's enrolment (its key shown once, as text and as a QR code of {@code otpauthUri}).
     *
     * @param sent        a code just sent (by email or SMS), to show the field for it
     */
    record SecondFactorPage(String requestHandle, String appName, String formTarget, List<String> factors,
                            Optional<Enrolment> enrolment, Optional<SentCode> sent, Optional<String> error)
            implements AuthorizationOutcome {
        public SecondFactorPage {
            factors = List.copyOf(factors);
        }

        /** A code just sent: the factor ({@code email_code}, {@code sms_code}) and where to (masked). */
        public record SentCode(String factor, String destination) {
        }

        /** An authenticator app's key, to show once. */
        public record Enrolment(String secret, String otpauthUri) {
            @Override
            public String toString() {
                return "Enrolment[redacted]";
            }
        }

        @Override
        public String toString() {
            return "SecondFactorPage[" + appName + "]";
        }
    }

    /**
     * The page where a signed-in user confirms before the app gets its code: consent to a third-party app's scopes,
     * or "Continue as …" for an app riding on the browser's single sign-on.
     *
     * @param browserBinding a cookie value to set that binds the request to this browser, when the request is new
     * @param browserSession a new single-sign-on cookie value to set, after a sign-in
     * @param scopes         the scopes the app is to be granted, sorted
     * @param consent        whether this is consent (else the "Continue as" step)
     */
    record ConfirmPage(String requestHandle, Optional<String> browserBinding, Optional<String> browserSession,
                       String appName, String username, List<String> scopes, boolean consent, String formTarget)
            implements AuthorizationOutcome {
        public ConfirmPage {
            scopes = List.copyOf(scopes);
        }

        @Override
        public String toString() {
            return "ConfirmPage[" + appName + "]";
        }
    }

    /** The form that replaces a one-time or expired password before the app gets its code. */
    record PasswordChangePage(String requestHandle, String appName, String formTarget, List<Violation> problems)
            implements AuthorizationOutcome {
        public PasswordChangePage {
            problems = List.copyOf(problems);
        }

        @Override
        public String toString() {
            return "PasswordChangePage[" + appName + "]";
        }
    }
}
