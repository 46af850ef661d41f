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
    /** Sends no referrer to other sites, and lets the browser state the page's origin on its own form posts. */
    static final String REFERRER_POLICY = "same-origin";

    private HostedPages() {
    }

    /** The page CSP; {@code formTarget} is where a submission may end up (a redirect after the POST counts). */
    static String policy(Optional<String> formTarget) {
        return "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'; "
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

    static String signIn(String handle, String appName, Optional<String> error) {
        return page("Sign in", "<h1>Sign in</h1><p class=\"app\">to continue to " + escape(appName) + "</p>"
                + error.map(e -> "<p class=\"error\" role=\"alert\">" + escape(e) + "</p>").orElse("")
                + "<form method=\"post\" action=\"" + SIGN_IN + "\">"
                + "<input type=\"hidden\" name=\"request\" value=\"" + escape(handle) + "\">"
                + "<label for=\"username\">Username or email</label>"
                + "<input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>"
                + "<label for=\"password\">Password</label>"
                + "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
                + "<button type=\"submit\">Sign in</button></form>");
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

    static String error(String message) {
        return page("Cannot continue", "<h1>Cannot continue</h1><p class=\"error\" role=\"alert\">" + escape(message)
                + "</p>");
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"referrer\" content=\"" + REFERRER_POLICY + "\"><title>" + escape(title) + "</title>"
                + "<link rel=\"stylesheet\" href=\"" + STYLE + "\"></head><body><main>" + body + "</main></body></html>";
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
