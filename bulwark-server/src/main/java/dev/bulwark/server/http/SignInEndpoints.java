package dev.bulwark.server.http;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.protection.CredentialGuard;
import dev.bulwark.core.oauth.AuthorizationOutcome;
import dev.bulwark.core.oauth.AuthorizationService;
import dev.bulwark.core.oauth.HostedAccount;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.server.Endpoints;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization endpoint and the hosted sign-in pages. Cookies are HttpOnly, SameSite=Lax (a cross-site POST
 * carries none, which is what defeats login CSRF) and Secure over TLS. A POST from a page of another origin is
 * refused outright.
 */
final class SignInEndpoints {
    static final String SESSION_COOKIE = "bulwark_session";
    static final String BINDING_COOKIE = "bulwark_authz";

    private final AuthorizationService authorization;
    private final HostedAccount account;
    private final String origin;
    private final ObjectMapper json;
    private final byte[] style;
    private final byte[] script;

    SignInEndpoints(AuthorizationService authorization, HostedAccount account, String issuer, ObjectMapper json) {
        this.authorization = authorization;
        this.account = account;
        URI uri = URI.create(issuer);
        this.origin = uri.getScheme() + "://" + uri.getRawAuthority();
        this.json = json;
        this.style = resource("/ui/style.css");
        this.script = resource("/ui/passkey.js");
    }

    void register(RoutesConfig routes) {
        routes.get(Endpoints.AUTHORIZE, ctx -> authorize(ctx, queryParameters(ctx)));
        // A POST to the authorization endpoint comes from the app's own page (OpenID Connect Core §3.1.2.1), so
        // from another origin: it only starts a sign-in, which the bound form below then protects.
        routes.post(Endpoints.AUTHORIZE, ctx -> authorize(ctx, FormRequest.of(ctx).all()));
        routes.post(HostedPages.SIGN_IN, this::signIn);
        routes.post(HostedPages.PASSWORD, this::changePassword);
        routes.post(HostedPages.SECOND_FACTOR, this::secondFactor);
        routes.post(HostedPages.CONFIRM, this::confirm);
        routes.get(HostedPages.STYLE, ctx -> {
            ctx.header("Cache-Control", "public, max-age=3600");
            ctx.contentType("text/css; charset=utf-8").result(style);
        });
        routes.get(HostedPages.SCRIPT, ctx -> {
            ctx.header("Cache-Control", "public, max-age=3600");
            ctx.contentType("text/javascript; charset=utf-8").result(script);
        });
        routes.post(HostedPages.PASSKEY_OPTIONS, this::passkeyOptions);
        routes.post(HostedPages.PASSKEY, this::passkeySignIn);
        routes.get(HostedPages.PASSKEYS, this::passkeysPage);
        routes.post(HostedPages.PASSKEYS_OPTIONS, this::passkeyCreationOptions);
        routes.post(HostedPages.PASSKEYS, this::registerPasskey);
    }

    /** The options the page's script hands to navigator.credentials.get, as JSON. */
    private void passkeyOptions(Context ctx) throws Exception {
        sameOriginOrAbsent(ctx);
        FormRequest form = FormRequest.of(ctx);
        var options = authorization.passkeyOptions(form.get("request").orElse(""),
                Optional.ofNullable(ctx.cookie(BINDING_COOKIE)));
        if (options.isEmpty()) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "This sign-in has expired or cannot use passkeys.");
        }
        jsonNoStore(ctx, options.get());
    }

    private void passkeySignIn(Context ctx) {
        sameOriginOrAbsent(ctx);
        FormRequest form = FormRequest.of(ctx);
        render(ctx, authorization.passkeySignIn(form.get("request").orElse(""),
                Optional.ofNullable(ctx.cookie(BINDING_COOKIE)), form.get("passkey_response").orElse(""),
                RequestObservation.knownClient(ctx)));
    }

    /** The hosted passkey page, for a user signed in in this browser recently enough. */
    private void passkeysPage(Context ctx) {
        var user = account.freshUser(Optional.ofNullable(ctx.cookie(SESSION_COOKIE)));
        if (user.isEmpty()) {
            html(ctx, 403, HostedPages.error("Sign in again to manage passkeys: within the last 10 minutes, and with "
                    + "your second factor if you have one."), Optional.empty());
            return;
        }
        html(ctx, 200, HostedPages.passkeys(user.get().username().value(), account.passkeysOf(user.get()).stream()
                .map(p -> p.name()).toList()), HostedPages.scriptPolicy(Optional.empty()));
    }

    private void passkeyCreationOptions(Context ctx) throws Exception {
        sameOriginOrAbsent(ctx);
        jsonNoStore(ctx, account.registrationOptions(Optional.ofNullable(ctx.cookie(SESSION_COOKIE))));
    }

    private void registerPasskey(Context ctx) {
        sameOriginOrAbsent(ctx);
        FormRequest form = FormRequest.of(ctx);
        try {
            var added = account.register(Optional.ofNullable(ctx.cookie(SESSION_COOKIE)),
                    form.get("passkey_response").orElse(""),
                    form.get("name").filter(name -> !name.isBlank()).orElse("Passkey"));
            // Shown here rather than on the passkey page: with a first factor added, the page now asks for it.
            html(ctx, 200, HostedPages.passkeyAdded(added.name()), Optional.empty());
        } catch (DomainException refused) {
            html(ctx, 400, HostedPages.error(refused.detail()), Optional.empty());
        }
    }

    private void jsonNoStore(Context ctx, Object body) throws Exception {
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("application/json").result(json.writeValueAsString(body));
    }

    private void authorize(Context ctx, Map<String, String> parameters) {
        render(ctx, authorization.authorize(parameters, Optional.ofNullable(ctx.cookie(SESSION_COOKIE))));
    }

    private void signIn(Context ctx) {
        sameOriginOrAbsent(ctx);
        FormRequest form = FormRequest.of(ctx);
        AuthorizationOutcome outcome;
        try {
            outcome = authorization.signIn(form.get("request").orElse(""), Optional.ofNullable(ctx.cookie(BINDING_COOKIE)),
                    form.get("username").orElse(""), Password.of(form.get("password").orElse("")),
                    RequestObservation.knownClient(ctx));
        } catch (DomainException refused) {
            if (refused.code() != ErrorCode.TOO_MANY_REQUESTS) {
                throw refused;
            }
            ctx.header("Retry-After", refused.extensions().get(CredentialGuard.RETRY_AFTER).toString());
            html(ctx, 429, HostedPages.error("Too many failed attempts from your network. Wait a little, then try "
                    + "again."), Optional.empty());
            return;
        }
        render(ctx, outcome);
    }

    private void secondFactor(Context ctx) {
        sameOriginOrAbsent(ctx);
        FormRequest form = FormRequest.of(ctx);
        render(ctx, authorization.secondFactor(form.get("request").orElse(""),
                Optional.ofNullable(ctx.cookie(BINDING_COOKIE)), form.all(), RequestObservation.knownClient(ctx)));
    }

    private void confirm(Context ctx) {
        sameOriginOrAbsent(ctx);
        FormRequest form = FormRequest.of(ctx);
        render(ctx, authorization.confirm(form.get("request").orElse(""),
                Optional.ofNullable(ctx.cookie(BINDING_COOKIE)), form.get("decision").orElse("")));
    }

    private void changePassword(Context ctx) {
        sameOriginOrAbsent(ctx);
        FormRequest form = FormRequest.of(ctx);
        render(ctx, authorization.changePassword(form.get("request").orElse(""),
                Optional.ofNullable(ctx.cookie(BINDING_COOKIE)), Password.of(form.get("new_password").orElse(""))));
    }

    private void render(Context ctx, AuthorizationOutcome outcome) {
        switch (outcome) {
            case AuthorizationOutcome.ErrorPage page -> html(ctx, 400, HostedPages.error(page.message()), Optional.empty());
            case AuthorizationOutcome.Redirect redirect -> {
                redirect.browserSession().ifPresent(value -> ctx.cookie(cookie(ctx, SESSION_COOKIE, value, "/", 8 * 3600)));
                ctx.cookie(cookie(ctx, BINDING_COOKIE, "", "/ui", 0));
                // 303: the browser follows with a GET and never re-posts the credentials (RFC 9700 §4.12).
                ctx.status(303).header("Location", redirect.location().toString());
            }
            case AuthorizationOutcome.SignInPage page -> {
                page.browserBinding().ifPresent(value -> ctx.cookie(cookie(ctx, BINDING_COOKIE, value, "/ui", 600)));
                html(ctx, 200, HostedPages.signIn(page.requestHandle(), page.appName(), page.error(),
                        page.offerPasskey()), page.offerPasskey()
                        ? HostedPages.scriptPolicy(Optional.of(page.formTarget()))
                        : HostedPages.policy(Optional.of(page.formTarget())));
            }
            case AuthorizationOutcome.SecondFactorPage page -> {
                Optional<String> qrCode = page.enrolment().map(e -> QrCodes.pngDataUri(e.otpauthUri()));
                html(ctx, 200, HostedPages.secondFactor(page.requestHandle(), page.appName(), page.factors(), qrCode,
                        page.enrolment().map(AuthorizationOutcome.SecondFactorPage.Enrolment::secret),
                        page.sent().map(sent -> List.of(sent.factor(), sent.destination())), page.error()),
                        HostedPages.policy(Optional.of(page.formTarget()), qrCode.isPresent()));
            }
            case AuthorizationOutcome.ConfirmPage page -> {
                page.browserBinding().ifPresent(value -> ctx.cookie(cookie(ctx, BINDING_COOKIE, value, "/ui", 600)));
                page.browserSession().ifPresent(value -> ctx.cookie(cookie(ctx, SESSION_COOKIE, value, "/", 8 * 3600)));
                html(ctx, 200, HostedPages.confirm(page.requestHandle(), page.appName(), page.username(),
                        page.scopes(), page.consent()), Optional.of(page.formTarget()));
            }
            case AuthorizationOutcome.PasswordChangePage page -> html(ctx, 200,
                    HostedPages.passwordChange(page.requestHandle(), page.appName(), page.problems()),
                    Optional.of(page.formTarget()));
        }
    }

    private static void html(Context ctx, int status, String body, Optional<String> formTarget) {
        html(ctx, status, body, HostedPages.policy(formTarget));
    }

    private static void html(Context ctx, int status, String body, String contentSecurityPolicy) {
        ctx.header("Content-Security-Policy", contentSecurityPolicy);
        // Not no-referrer: under it, browsers send "Origin: null" with the form, which the origin check refuses.
        ctx.header("Referrer-Policy", HostedPages.REFERRER_POLICY);
        ctx.status(status).contentType("text/html; charset=utf-8").result(body);
    }

    private static Cookie cookie(Context ctx, String name, String value, String path, int maxAge) {
        Cookie cookie = new Cookie(name, value, path, maxAge, secure(ctx));
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.LAX);
        return cookie;
    }

    private static boolean secure(Context ctx) {
        return "https".equals(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    /**
     * A form posted from another origin is refused: the hosted pages never accept cross-site submissions. The
     * pages' referrer policy makes browsers name their origin; "null" (an opaque origin) is refused too.
     */
    private void sameOriginOrAbsent(Context ctx) {
        String from = ctx.header("Origin");
        if (from != null && !from.equals(origin)) {
            throw new io.javalin.http.ForbiddenResponse("Cross-origin form submission refused.");
        }
    }

    private static Map<String, String> queryParameters(Context ctx) {
        Map<String, String> parameters = new HashMap<>();
        ctx.queryParamMap().forEach((name, values) -> {
            if (values.size() > 1) {
                parameters.put(AuthorizationService.DUPLICATED, name); // refused once the client is verified
            } else if (!values.get(0).isEmpty()) {
                parameters.put(name, values.get(0));
            }
        });
        return parameters;
    }

    private static byte[] resource(String name) {
        try (InputStream in = SignInEndpoints.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException(name + " is missing from the build"));
        }
    }
}
