package dev.bulwark.server.http;

import dev.bulwark.core.Violation;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The hosted pages' HTML: small, server-rendered, no script, every value escaped. The content security policy
 * allows only Bulwark's own stylesheet, and forms that post to Bulwark and then lead to the app's redirect URI.
 */
final class HostedPages {
    static final String STYLE = "/ui/style.css";
    static final String SIGN_IN = "/ui/sign-in";
    static final String PASSWORD = "/ui/password";
    static final String SECOND_FACTOR = "/ui/second-factor";
    static final String SCRIPT = "/ui/passkey.js";
    static final String PASSKEY = "/ui/passkey";
    static final String PASSKEY_OPTIONS = "/ui/passkey/options";
    static final String PASSKEYS = "/ui/passkeys";
    static final String PASSKEYS_OPTIONS = "/ui/passkeys/options";
    static final String CONFIRM = "/ui/confirm";
    /** Sends no referrer to other sites, and lets the browser state the page's origin on its own form posts. */
    static final String REFERRER_POLICY = "same-origin";

    private HostedPages() {
    }

    /** The page CSP; {@code formTarget} is where a submission may end up (a redirect after the POST counts). */
    static String policy(Optional<String> formTarget) {
        return policy(formTarget, false);
    }

    /**
     * For the pages that use passkeys: Bulwark's one script (no inline script, no eval), which may fetch options from
     * Bulwark only.
     */
    static String scriptPolicy(Optional<String> formTarget) {
        return policy(formTarget, false).replace("default-src 'none';", "default-src 'none'; script-src 'self'; "
                + "connect-src 'self';");
    }

    /** As above; {@code inlineImages} lets the page show a QR code given as a data URI. */
    static String policy(Optional<String> formTarget, boolean inlineImages) {
        return "default-src 'none'; style-src 'self'; img-src 'self'" + (inlineImages ? " data:" : "")
                + "; base-uri 'none'; frame-ancestors 'none'; "
                + "form-action 'self'" + formTarget.map(HostedPages::source).map(s -> " " + s).orElse("");
    }

    /** A CSP source that matches a redirect URI: its scheme for private-use schemes, else its origin. */
    static String source(String redirectUri) {
        URI uri = URI.create(redirectUri);
        if (uri.getHost() == null) {
            return uri.getScheme() + ":";
        }
        if ("http".equals(uri.getScheme())) {
            return "http://" + uri.getHost() + ":*"; // loopback: any port (RFC 8252 §7.3)
        }
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    static String signIn(String handle, String appName, Optional<String> error, boolean offerPasskey) {
        String passkey = offerPasskey ? "<button type=\"button\" class=\"secondary\" id=\"passkey-sign-in\" "
                + "data-request=\"" + escape(handle) + "\">Sign in with a passkey</button>"
                + "<p class=\"error\" role=\"alert\" id=\"passkey-error\" hidden></p>" : "";
        return page("Sign in", "<h1>Sign in</h1><p class=\"app\">to continue to " + escape(appName) + "</p>"
                + error.map(e -> "<p class=\"error\" role=\"alert\">" + escape(e) + "</p>").orElse("")
                + passkey
                + "<form method=\"post\" action=\"" + SIGN_IN + "\">"
                + "<input type=\"hidden\" name=\"request\" value=\"" + escape(handle) + "\">"
                + "<label for=\"username\">Username or email</label>"
                + "<input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>"
                + "<label for=\"password\">Password</label>"
                + "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
                + "<button type=\"submit\">Sign in</button></form>");
    }

    /**
     * The second-factor form: an authenticator's code, or a recovery code; or, for a user enrolling one, the key to
     * add (QR code and text) and its first code.
     */
    static String secondFactor(String handle, String appName, List<String> factors, Optional<String> qrCode,
                               Optional<String> secret, Optional<List<String>> sent, Optional<String> error) {
        StringBuilder body = new StringBuilder("<h1>Two-step verification</h1><p class=\"app\">to continue to ")
                .append(escape(appName)).append("</p>");
        error.ifPresent(e -> body.append("<p class=\"error\" role=\"alert\">").append(escape(e)).append("</p>"));
        boolean enrolling = factors.isEmpty();
        if (enrolling && secret.isPresent()) {
            body.append("<p>Add this account to an authenticator app: scan the code, or enter the key.</p>");
            qrCode.ifPresent(src -> body.append("<img class=\"qr\" alt=\"QR code of the key\" src=\"")
                    .append(escape(src)).append("\">"));
            body.append("<p class=\"key\"><code>").append(escape(secret.get())).append("</code></p>");
        } else if (enrolling) {
            body.append("<p>Enter the code your authenticator app shows for this account. If it shows none, go back "
                    + "to the app and start again.</p>");
        }
        body.append("<form method=\"post\" action=\"").append(SECOND_FACTOR).append("\">")
                .append("<input type=\"hidden\" name=\"request\" value=\"").append(escape(handle)).append("\">");
        if (sent.isPresent()) {
            String field = sent.get().get(0);
            boolean email = field.equals("email_code");
            body.append("<p>We sent a code to ").append(escape(sent.get().get(1))).append(".</p>")
                    .append("<label for=\"").append(escape(field)).append("\">Code from the ")
                    .append(email ? "email" : "text message").append("</label>")
                    .append("<input id=\"").append(escape(field)).append("\" name=\"").append(escape(field))
                    .append("\" inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{8}\" ")
                    .append("maxlength=\"8\" required autofocus><button type=\"submit\">Verify</button></form>");
        } else if (enrolling || factors.contains("totp")) {
            body.append("<label for=\"otp\">Code from your authenticator app</label>")
                    .append("<input id=\"otp\" name=\"otp\" inputmode=\"numeric\" autocomplete=\"one-time-code\" ")
                    .append("pattern=\"[0-9]{6}\" maxlength=\"6\" required autofocus>")
                    .append("<button type=\"submit\">Verify</button></form>");
        } else {
            body.append("</form>");
        }
        for (String sendable : List.of("email_code", "sms_code")) {
            if (factors.contains(sendable) && sent.isEmpty()) {
                body.append("<form method=\"post\" action=\"").append(SECOND_FACTOR).append("\">")
                        .append("<input type=\"hidden\" name=\"request\" value=\"").append(escape(handle))
                        .append("\"><input type=\"hidden\" name=\"send\" value=\"").append(sendable).append("\">")
                        .append("<button type=\"submit\" class=\"secondary\">")
                        .append(sendable.equals("email_code") ? "Email me a code" : "Text me a code")
                        .append("</button></form>");
            }
        }
        if (factors.contains("recovery_code")) {
            body.append("<details><summary>Use a recovery code</summary><form method=\"post\" action=\"")
                    .append(SECOND_FACTOR).append("\"><input type=\"hidden\" name=\"request\" value=\"")
                    .append(escape(handle)).append("\"><label for=\"recovery_code\">Recovery code</label>")
                    .append("<input id=\"recovery_code\" name=\"recovery_code\" autocomplete=\"off\" required>")
                    .append("<button type=\"submit\">Verify</button></form></details>");
        }
        return page("Two-step verification", body.toString());
    }

    /**
     * Consent to a third-party app (what it would get, Allow or Deny), or "Continue as" for an app riding on the
     * browser's single sign-on; either way the user may sign in as someone else instead.
     */
    static String confirm(String handle, String appName, String username, List<String> scopes, boolean consent) {
        StringBuilder body = new StringBuilder();
        String hidden = "<input type=\"hidden\" name=\"request\" value=\"" + escape(handle) + "\">";
        if (consent) {
            body.append("<h1>Allow ").append(escape(appName)).append("?</h1><p class=\"app\">Signed in as ")
                    .append(escape(username)).append("</p><p>").append(escape(appName))
                    .append(" is not made by the operator of this sign-in. It asks to:</p><ul class=\"scopes\">");
            scopes.forEach(scope -> body.append("<li>").append(scopeDescription(scope)).append("</li>"));
            body.append("</ul><form method=\"post\" action=\"").append(CONFIRM).append("\">").append(hidden)
                    .append("<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>")
                    .append("<button type=\"submit\" name=\"decision\" value=\"deny\" class=\"secondary\">Deny")
                    .append("</button></form><p class=\"notice\">You can withdraw this at any time in your account ")
                    .append("settings.</p>");
        } else {
            body.append("<h1>Continue to ").append(escape(appName)).append("</h1><p>You are signed in as ")
                    .append(escape(username)).append(".</p><form method=\"post\" action=\"").append(CONFIRM)
                    .append("\">").append(hidden)
                    .append("<button type=\"submit\" name=\"decision\" value=\"allow\">Continue as ")
                    .append(escape(username)).append("</button>")
                    .append("<button type=\"submit\" name=\"decision\" value=\"deny\" class=\"secondary\">")
                    .append("Cancel</button></form>");
        }
        body.append("<form method=\"post\" action=\"").append(CONFIRM).append("\">").append(hidden)
                .append("<button type=\"submit\" name=\"decision\" value=\"switch\" class=\"secondary\">")
                .append("Use another account</button></form>");
        return page(consent ? "Allow " + appName : "Continue to " + appName, body.toString());
    }

    /** What a scope lets an app do, in words; a scope Bulwark does not know is named as it is. */
    static String scopeDescription(String scope) {
        return switch (scope) {
            case "openid" -> "Know who you are (your account's identifier)";
            case "profile" -> "See your username";
            case "email" -> "See your email address";
            case "phone" -> "See your phone number";
            case "offline_access" -> "Stay signed in while you are not using it";
            default -> "Use your account for <code>" + escape(scope) + "</code>";
        };
    }

    static String passwordChange(String handle, String appName, List<Violation> problems) {
        StringBuilder list = new StringBuilder();
        problems.forEach(p -> list.append("<li>").append(escape(p.message())).append("</li>"));
        return page("Choose a new password", "<h1>Choose a new password</h1><p class=\"app\">Your password must be "
                + "changed before you continue to " + escape(appName) + ".</p>"
                + (problems.isEmpty() ? "" : "<div class=\"error\" role=\"alert\">That password cannot be used:"
                + "<ul class=\"problems\">" + list + "</ul></div>")
                + "<form method=\"post\" action=\"" + PASSWORD + "\">"
                + "<input type=\"hidden\" name=\"request\" value=\"" + escape(handle) + "\">"
                + "<label for=\"new_password\">New password</label>"
                + "<input id=\"new_password\" name=\"new_password\" type=\"password\" autocomplete=\"new-password\" "
                + "required minlength=\"8\">"
                + "<button type=\"submit\">Save and continue</button></form>");
    }

    /** The hosted passkey page: the user's passkeys, and a button to add one. */
    static String passkeys(String username, java.util.List<String> names) {
        StringBuilder list = new StringBuilder();
        names.forEach(name -> list.append("<li>").append(escape(name)).append("</li>"));
        return page("Passkeys", "<h1>Passkeys</h1><p class=\"app\">for " + escape(username) + "</p>"
                + (names.isEmpty() ? "<p>No passkeys yet.</p>" : "<ul class=\"passkeys\">" + list + "</ul>")
                + "<label for=\"passkey-name\">Name of the new passkey</label>"
                + "<input id=\"passkey-name\" maxlength=\"100\" value=\"Passkey\">"
                + "<button type=\"button\" id=\"passkey-create\">Add a passkey</button>"
                + "<p class=\"error\" role=\"alert\" id=\"passkey-error\" hidden></p>");
    }

    static String passkeyAdded(String name) {
        return page("Passkey added", "<h1>Passkey added</h1><p class=\"notice\" role=\"status\" "
                + "id=\"added\">" + escape(name) + " is ready: sign in with it next time, no password needed.</p>");
    }

    static String error(String message) {
        return page("Cannot continue", "<h1>Cannot continue</h1><p class=\"error\" role=\"alert\">" + escape(message)
                + "</p>");
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"referrer\" content=\"" + REFERRER_POLICY + "\"><title>" + escape(title) + "</title>"
                + "<link rel=\"stylesheet\" href=\"" + STYLE + "\">"
                + (body.contains("id=\"passkey-") ? "<script src=\"" + SCRIPT + "\" defer></script>" : "")
                + "</head><body><main>" + body + "</main></body></html>";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
