package dev.bulwark.core.oauth;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.NowAndThen;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.AppRepository;
import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.ClientAuthMethod;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.GrantType;
import dev.bulwark.core.app.RedirectUri;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvents.ConsentGranted;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.oauth.AuthorizationRequest.Confirmation;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.crypto.TokenDigest;
import dev.bulwark.core.identity.PasswordAuthentication;
import dev.bulwark.core.identity.PasswordVerification;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserAccounts;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.identity.UserRepository;
import dev.bulwark.core.mfa.FactorKind;
import dev.bulwark.core.mfa.Passkeys;
import dev.bulwark.core.mfa.SecondFactors;
import dev.bulwark.core.session.BrowserSession;
import dev.bulwark.core.session.BrowserSessionRepository;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The authorization endpoint and its hosted sign-in (RFC 6749 §4.1, OpenID Connect Core §3.1.2, RFC 9700, RFC
 * 9207): code flow only, PKCE S256 required, {@code state}, {@code nonce}, {@code prompt=login|none},
 * {@code max_age}. The client and redirect URI are checked first; until both are, errors go to an error page, never
 * to a redirect. Every redirect carries {@code iss}.
 */
public final class AuthorizationService {
    static final Duration REQUEST_LIFETIME = Duration.ofMinutes(10);
    /** The parameter under which the HTTP layer names a parameter that appeared more than once (RFC 6749 §3.1). */
    public static final String DUPLICATED = "bulwark:duplicated";
    static final Duration BROWSER_SESSION_LIFETIME = Duration.ofHours(8);

    private final AppRepository apps;
    private final AuthorizationRequestRepository requests;
    private final BrowserSessionRepository browserSessions;
    private final AuthorizationCodes codes;
    private final NowAndThen requestSweeps = new NowAndThen(Duration.ofMinutes(1));
    private final NowAndThen browserSessionSweeps = new NowAndThen(Duration.ofMinutes(1));
    private final PasswordAuthentication passwords;
    private final UserAccounts accounts;
    private final UserRepository users;
    private final String issuer;
    private final Clock clock;
    private final SecureRandom random;

    private final SecondFactors secondFactors;
    private final SecondFactorChoice choice;
    private final Passkeys passkeys;
    private final ConsentRepository consents;
    private final AuditTrail audit;

    public AuthorizationService(AppRepository apps, AuthorizationRequestRepository requests,
                                BrowserSessionRepository browserSessions, AuthorizationCodes codes,
                                PasswordAuthentication passwords, UserAccounts accounts, UserRepository users,
                                SecondFactors secondFactors, SecondFactorChoice choice, Passkeys passkeys,
                                ConsentRepository consents, AuditTrail audit, String issuer, Clock clock,
                                SecureRandom random) {
        this.consents = consents;
        this.audit = audit;
        this.passkeys = passkeys;
        this.secondFactors = secondFactors;
        this.choice = choice;
        this.apps = apps;
        this.requests = requests;
        this.browserSessions = browserSessions;
        this.codes = codes;
        this.passwords = passwords;
        this.accounts = accounts;
        this.users = users;
        this.issuer = issuer;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Starts or completes an authorization request.
     *
     * @param parameters     the request's parameters, each at most once
     * @param browserSession the single-sign-on cookie, if the browser sent one
     */
    public AuthorizationOutcome authorize(Map<String, String> parameters, Optional<String> browserSession) {
        Optional<App> app = Optional.ofNullable(parameters.get("client_id")).flatMap(this::findApp)
                .filter(a -> a.definition().allows(GrantType.AUTHORIZATION_CODE));
        if (app.isEmpty()) {
            return new AuthorizationOutcome.ErrorPage("This app is not registered, or may not sign users in here.");
        }
        List<RedirectUri> registered = app.get().definition().redirectUris();
        String requested = parameters.get("redirect_uri");
        if (requested == null && registered.size() == 1 && registered.get(0).kind() != RedirectUri.Kind.LOOPBACK) {
            requested = registered.get(0).value();
        }
        String redirectUri = requested;
        if (redirectUri == null || app.get().definition().redirectUri(redirectUri).isEmpty()) {
            return new AuthorizationOutcome.ErrorPage("The redirect URI is not registered for this app.");
        }
        Optional<String> state = Optional.ofNullable(parameters.get("state"));
        try {
            return validated(app.get(), redirectUri, state, parameters, browserSession);
        } catch (DomainException refused) {
            return errorRedirectFor(redirectUri, state, refused);
        }
    }

    private AuthorizationOutcome validated(App app, String redirectUri, Optional<String> state,
                                           Map<String, String> parameters, Optional<String> browserSession) {
        if (parameters.containsKey(DUPLICATED)) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "A parameter appears more than once.");
        }
        if (!"code".equals(parameters.get("response_type"))) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "response_type must be code.")
                    .with(Map.of(ERROR_OVERRIDE, "unsupported_response_type"));
        }
        String challenge = Pkce.requireS256Challenge(parameters.get("code_challenge"),
                parameters.get("code_challenge_method"));
        Scopes scopes = Scopes.parse(parameters.get("scope"));
        if (!app.definition().mayRequest(scopes)) {
            throw new DomainException(ErrorCode.INVALID_SCOPE, "The app may not request that scope.");
        }
        Set<String> prompt = Arrays.stream(parameters.getOrDefault("prompt", "").split(" "))
                .filter(p -> !p.isBlank()).collect(Collectors.toSet());
        if (prompt.contains("none") && prompt.size() > 1) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "prompt=none cannot be combined with other values.");
        }
        if (!PROMPTS.containsAll(prompt)) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "prompt is none, login or consent.");
        }
        boolean consentAsked = prompt.contains("consent");
        Optional<Duration> maxAge = maxAge(parameters.get("max_age"));
        Optional<String> nonce = Optional.ofNullable(parameters.get("nonce"));
        if (nonce.map(n -> n.length() > 512).orElse(false) || state.map(s -> s.length() > 2_048).orElse(false)) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "state or nonce is too long.");
        }
        Instant now = clock.instant();
        Optional<BrowserSession> signedIn = browserSession.flatMap(cookie -> browserSessions.find(TokenDigest.of(cookie)))
                .filter(s -> s.expiresAt().isAfter(now))
                .filter(s -> users.findById(s.userId()).map(User::isActive).orElse(false));
        boolean fresh = signedIn.map(s -> maxAge.map(age -> !s.authTime().plus(age).isBefore(now)).orElse(true))
                .orElse(false);
        boolean twoFactorsAsked = Optional.ofNullable(parameters.get("acr_values"))
                .filter(Assurance::asksForTwoFactors).isPresent() || app.definition().demandsTwoFactors(scopes);
        // A single sign-on from a password alone does not pass where a second factor is now demanded.
        boolean strongEnough = signedIn.map(s -> twoFactorsAsked
                ? Assurance.AAL2.equals(Assurance.of(s.methods()))
                : Assurance.secondFactorPassed(s.methods()) || !secondFactorDemanded(app, scopes, s.userId(), false))
                .orElse(false);
        boolean forceLogin = prompt.contains("login") || signedIn.isPresent() && (!fresh || !strongEnough);
        if (signedIn.isPresent() && !forceLogin) {
            BrowserSession session = signedIn.get();
            Confirmation due = confirmationDue(app, redirectUri, scopes, session.userId(), true, consentAsked);
            if (due == Confirmation.NONE) {
                return codeRedirect(app, redirectUri, state, scopes, nonce, challenge, session.userId(),
                        session.authTime(), session.methods(), Optional.empty());
            }
            if (prompt.contains("none")) {
                throw new DomainException(ErrorCode.ACCESS_DENIED, due == Confirmation.CONSENT
                        ? "The user must consent to this app first." : "The user must confirm the sign-in.")
                        .with(Map.of(ERROR_OVERRIDE, due == Confirmation.CONSENT ? "consent_required"
                                : "interaction_required"));
            }
            // Single sign-on, paused for the user to confirm: a request already signed in, bound to this browser.
            String handle = TokenDigest.newSecret(random, 32);
            String binding = TokenDigest.newSecret(random, 32);
            AuthorizationRequest request = new AuthorizationRequest(TokenDigest.of(handle), app.clientId(),
                    redirectUri, scopes, state, nonce, challenge, false, twoFactorsAsked, TokenDigest.of(binding),
                    Optional.empty(), Optional.empty(), false, false, List.of(), Confirmation.NONE, now,
                    now.plus(REQUEST_LIFETIME)).awaiting(due, session.userId(), session.authTime(), session.methods());
            requests.insert(request);
            requestSweeps.run(now, () -> requests.deleteExpired(now));
            return confirmPage(handle, Optional.of(binding), Optional.empty(), app, request);
        }
        if (prompt.contains("none")) {
            throw new DomainException(ErrorCode.ACCESS_DENIED, "The user must sign in.")
                    .with(Map.of(ERROR_OVERRIDE, "login_required"));
        }
        String handle = TokenDigest.newSecret(random, 32);
        String binding = TokenDigest.newSecret(random, 32);
        requests.insert(new AuthorizationRequest(TokenDigest.of(handle), app.clientId(), redirectUri, scopes, state,
                nonce, challenge, forceLogin, twoFactorsAsked, TokenDigest.of(binding), Optional.empty(),
                Optional.empty(), false, false, List.of(), consentAsked ? Confirmation.CONSENT : Confirmation.NONE,
                now, now.plus(REQUEST_LIFETIME)));
        requestSweeps.run(now, () -> requests.deleteExpired(now));
        return new AuthorizationOutcome.SignInPage(handle, Optional.of(binding), app.definition().name(), redirectUri,
                Optional.empty(), acceptsPasskeys(app));
    }

    /** The prompt values of OpenID Connect Core §3.1.2.1 that Bulwark honours. */
    private static final Set<String> PROMPTS = Set.of("none", "login", "consent");

    /**
     * What the user must confirm before {@code app} gets a code for {@code requested}: a third-party app needs the
     * user's consent to every scope it is granted (remembered per user and app, asked again when the app asks for
     * more, or with {@code prompt=consent}); a public client signing in on the browser's single sign-on, with no
     * credential typed, needs an explicit "Continue as …": another app on the phone can claim a loopback port or a
     * private-use scheme and ride on the session (RFC 8252 §8.6), except a first-party app with a claimed https
     * redirect, which no other app can receive.
     *
     * @param silent       whether the user is signed in by the browser's session alone
     * @param consentAsked {@code prompt=consent}
     */
    private Confirmation confirmationDue(App app, String redirectUri, Scopes requested, UserId userId, boolean silent,
                                         boolean consentAsked) {
        AppDefinition definition = app.definition();
        if (!definition.firstParty()) {
            Optional<User> user = users.findById(userId);
            Scopes granted = user.map(u -> TokenService.grantedScopes(definition, requested, u)).orElse(requested);
            boolean remembered = consents.find(userId, app.clientId()).map(c -> c.covers(granted)).orElse(false);
            if (consentAsked || !remembered) {
                return Confirmation.CONSENT;
            }
        }
        boolean claimedHttps = definition.firstParty() && definition.redirectUri(redirectUri)
                .map(uri -> uri.kind() == RedirectUri.Kind.CLAIMED_HTTPS).orElse(false);
        if (consentAsked || silent && definition.authMethod() == ClientAuthMethod.NONE && !claimedHttps) {
            return Confirmation.CONTINUE;
        }
        return Confirmation.NONE;
    }

    private AuthorizationOutcome.ConfirmPage confirmPage(String handle, Optional<String> binding,
                                                          Optional<String> browserSession, App app,
                                                          AuthorizationRequest request) {
        UserId userId = request.identifiedUser().orElseThrow();
        User user = users.findById(userId).orElseThrow();
        Scopes granted = TokenService.grantedScopes(app.definition(), request.scopes(), user);
        return new AuthorizationOutcome.ConfirmPage(handle, binding, browserSession, app.definition().name(),
                user.username().value(), granted.values().stream().sorted().toList(),
                request.confirmation() == Confirmation.CONSENT, request.redirectUri());
    }

    /**
     * The confirmation form's submission: {@code allow} (consent is remembered for a third-party app, and the code
     * issued), {@code deny} (the app gets {@code access_denied}), or {@code switch} (sign in as someone else).
     */
    public AuthorizationOutcome confirm(String handle, Optional<String> browserBinding, String decision) {
        Optional<PendingRequest> pending = pending(handle, browserBinding)
                .filter(p -> p.request().identifiedUser().isPresent()
                        && p.request().confirmation() != Confirmation.NONE);
        if (pending.isEmpty()) {
            return new AuthorizationOutcome.ErrorPage("This sign-in has expired, or was started in another browser. "
                    + "Go back to the app and start again.");
        }
        AuthorizationRequest request = pending.get().request();
        App app = pending.get().app();
        switch (decision) {
            case "allow" -> {
                UserId userId = request.identifiedUser().orElseThrow();
                if (!requests.delete(request.digest())) {
                    return new AuthorizationOutcome.ErrorPage("This sign-in was already completed. Go back to the app.");
                }
                if (request.confirmation() == Confirmation.CONSENT && !app.definition().firstParty()) {
                    remember(app, request.scopes(), userId);
                }
                return codeRedirect(app, request.redirectUri(), request.state(), request.scopes(), request.nonce(),
                        request.codeChallenge(), userId, request.authTime().orElseThrow(), request.methods(),
                        Optional.empty());
            }
            case "deny" -> {
                requests.delete(request.digest());
                return errorRedirect(request.redirectUri(), request.state(), "access_denied",
                        "The user did not allow the app.");
            }
            case "switch" -> {
                requests.update(request.anotherAccount());
                return new AuthorizationOutcome.SignInPage(handle, Optional.empty(), app.definition().name(),
                        request.redirectUri(), Optional.empty(), acceptsPasskeys(app));
            }
            default -> {
                return new AuthorizationOutcome.ErrorPage("Choose to allow or to deny.");
            }
        }
    }

    /** Remembers that the user allowed the app these scopes, beside any they allowed it before. */
    private void remember(App app, Scopes requested, UserId userId) {
        User user = users.findById(userId).orElseThrow();
        Scopes granted = TokenService.grantedScopes(app.definition(), requested, user);
        Set<String> allowed = new java.util.TreeSet<>(granted.values());
        consents.find(userId, app.clientId()).ifPresent(earlier -> allowed.addAll(earlier.scopes().values()));
        consents.save(new Consent(userId, app.clientId(), Scopes.of(allowed), clock.instant()));
        audit.record(new ConsentGranted(userId, app.clientId()), Actor.user(userId));
    }

    /**
     * The sign-in form's submission. Refusals re-show the form with one message that says nothing about why.
     *
     * @param browserBinding the cookie set with the form; a submission from another browser is refused
     */
    public AuthorizationOutcome signIn(String handle, Optional<String> browserBinding, String username,
                                       Password password, Optional<String> address) {
        Optional<PendingRequest> pending = pending(handle, browserBinding);
        if (pending.isEmpty()) {
            return new AuthorizationOutcome.ErrorPage("This sign-in has expired, or was started in another browser. "
                    + "Go back to the app and start again.");
        }
        AuthorizationRequest request = pending.get().request();
        App app = pending.get().app();
        PasswordVerification result = passwords.verify(username, password, address, Actor.ANONYMOUS);
        if (!result.signInAllowed() && !result.changeRequired()) {
            return new AuthorizationOutcome.SignInPage(handle, Optional.empty(), app.definition().name(),
                    request.redirectUri(), Optional.of("The username or password is not correct."),
                    acceptsPasskeys(app));
        }
        User user = result.user().orElseThrow();
        Instant now = clock.instant();
        boolean factorDue = secondFactorDemanded(app, request.scopes(), user.id(), request.twoFactorsAsked());
        AuthorizationRequest identified = request.identified(user.id(), now, factorDue, result.changeRequired());
        // The second factor comes before a due password change: a one-time password alone must not set one.
        if (factorDue) {
            requests.update(identified);
            return secondFactorPage(handle, app, identified, user, Optional.empty(), true, Optional.empty());
        }
        return next(handle, app, identified);
    }

    private static boolean acceptsPasskeys(App app) {
        return app.definition().secondFactors().accepted().contains(FactorKind.PASSKEY);
    }

    /**
     * Options for signing in with a passkey on the hosted page, bound to the pending request.
     *
     * @return empty when the request is unknown, expired, from another browser, past its password, or the app does
     *         not accept passkeys
     */
    public Optional<Map<String, Object>> passkeyOptions(String handle, Optional<String> browserBinding) {
        return pending(handle, browserBinding)
                .filter(p -> p.request().identifiedUser().isEmpty() && acceptsPasskeys(p.app()))
                .map(p -> passkeys.authenticationOptions(p.request().digest()));
    }

    /**
     * A passkey sign-in on the hosted page: the assertion the browser made from {@link #passkeyOptions}. A passkey
     * with user verification passes any second-factor policy; a refusal re-shows the sign-in form.
     */
    public AuthorizationOutcome passkeySignIn(String handle, Optional<String> browserBinding, String response,
                                              Optional<String> address) {
        Optional<PendingRequest> pending = pending(handle, browserBinding)
                .filter(p -> p.request().identifiedUser().isEmpty() && acceptsPasskeys(p.app()));
        if (pending.isEmpty()) {
            return new AuthorizationOutcome.ErrorPage("This sign-in has expired, or was started in another browser. "
                    + "Go back to the app and start again.");
        }
        AuthorizationRequest request = pending.get().request();
        App app = pending.get().app();
        Optional<Passkeys.SignedIn> signedIn = passkeys.authenticate(request.digest(), response, address);
        if (signedIn.isEmpty()) {
            return new AuthorizationOutcome.SignInPage(handle, Optional.empty(), app.definition().name(),
                    request.redirectUri(), Optional.of("The passkey did not work. Try again, or use your password."),
                    true);
        }
        UserId user = signedIn.get().passkey().userId();
        Instant now = clock.instant();
        AuthorizationRequest passed = request.signedInWith(user, now, signedIn.get().methods());
        if (request.twoFactorsAsked() && !Assurance.AAL2.equals(Assurance.of(passed.methods()))) {
            requests.update(passed.awaitingSecondFactor());
            return secondFactorPage(handle, app, passed, users.findById(user).orElseThrow(), Optional.empty(), true,
                    Optional.empty());
        }
        return complete(handle, app, passed, user, now);
    }

    /** After the password and any second factor: a due password change, or the code. */
    private AuthorizationOutcome next(String handle, App app, AuthorizationRequest request) {
        if (request.passwordChangeDue()) {
            requests.update(request);
            return new AuthorizationOutcome.PasswordChangePage(handle, app.definition().name(), request.redirectUri(),
                    List.of());
        }
        return complete(handle, app, request, request.identifiedUser().orElseThrow(),
                request.authTime().orElseThrow());
    }

    /**
     * The second-factor form's submission: {@code otp} (an authenticator's code, or the first code of one being
     * enrolled), {@code recovery_code}, {@code email_code}, or {@code send=email_code} to have a code emailed. A
     * wrong, replayed or throttled code re-shows the form with one message.
     */
    public AuthorizationOutcome secondFactor(String handle, Optional<String> browserBinding,
                                             Map<String, String> form, Optional<String> address) {
        Optional<PendingRequest> pending = pending(handle, browserBinding)
                .filter(p -> p.request().secondFactorDue() && p.request().identifiedUser().isPresent());
        if (pending.isEmpty()) {
            return new AuthorizationOutcome.ErrorPage("This sign-in has expired, or was started in another browser. "
                    + "Go back to the app and start again.");
        }
        AuthorizationRequest request = pending.get().request();
        App app = pending.get().app();
        User user = users.findById(request.identifiedUser().get()).orElseThrow();
        SecondFactorChoice.Options options = choice.options(app, user, request.scopes(), request.twoFactorsAsked())
                .inBrowser();
        Optional<String> otp = field(form, "otp");
        if (options.stuck()) {
            return new AuthorizationOutcome.ErrorPage(options.stuckReason());
        }
        if (options.offered().isEmpty()) {
            // Finishing an enrolment begun on this page, in this sign-in.
            boolean confirmed = otp.isPresent() && secondFactors.pendingTotp(user.id())
                    .filter(f -> !f.createdAt().isBefore(request.createdAt()))
                    .map(f -> confirmed(user.id(), f.id(), otp.get(), address)).orElse(false);
            return confirmed ? next(handle, app, request.secondFactorPassed(Assurance.ONE_TIME_PASSWORD))
                    : secondFactorPage(handle, app, request, user, Optional.of("The code is not correct."), false,
                    Optional.empty());
        }
        Optional<FactorKind> toSend = field(form, "send").flatMap(FactorKind::fromValue);
        if (toSend.isPresent()) {
            try {
                String sentTo = choice.sendCode(user, options, toSend.get(), request.digest());
                return secondFactorPage(handle, app, request, user, Optional.empty(), false,
                        Optional.of(new AuthorizationOutcome.SecondFactorPage.SentCode(toSend.get().value(), sentTo)));
            } catch (DomainException refused) {
                return secondFactorPage(handle, app, request, user, Optional.of(refused.detail()), false,
                        Optional.empty());
            }
        }
        Optional<FactorKind> kind = java.util.stream.Stream.of(FactorKind.values())
                .filter(k -> field(form, SecondFactorStep.field(k)).isPresent()).findFirst();
        Optional<String> method = kind.flatMap(k -> choice.verify(user, options, k,
                field(form, SecondFactorStep.field(k)).orElseThrow(), request.digest(), address));
        if (method.isEmpty()) {
            return secondFactorPage(handle, app, request, user, Optional.of("The code is not correct."), false,
                    Optional.empty());
        }
        return next(handle, app, request.secondFactorPassed(method.get()));
    }

    private static Optional<String> field(Map<String, String> form, String name) {
        return Optional.ofNullable(form.get(name)).filter(value -> !value.isEmpty() && value.length() <= 100);
    }

    private boolean confirmed(UserId user, String enrolment, String code, Optional<String> address) {
        try {
            secondFactors.confirmTotp(user, enrolment, code, address, Actor.user(user));
            return true;
        } catch (DomainException wrong) {
            return false;
        }
    }

    /**
     * The second-factor form. A user with nothing to offer enrols an authenticator app: its key is made (and shown)
     * only on the first showing; a retry after a wrong code does not show it again.
     */
    private AuthorizationOutcome secondFactorPage(String handle, App app, AuthorizationRequest request, User user,
                                                  Optional<String> error, boolean firstShowing,
                                                  Optional<AuthorizationOutcome.SecondFactorPage.SentCode> sent) {
        SecondFactorChoice.Options options = choice.options(app, user, request.scopes(), request.twoFactorsAsked())
                .inBrowser();
        if (options.stuck()) {
            return new AuthorizationOutcome.ErrorPage(options.stuckReason());
        }
        Optional<AuthorizationOutcome.SecondFactorPage.Enrolment> enrolment = Optional.empty();
        if (options.offered().isEmpty() && firstShowing) {
            SecondFactors.TotpEnrolment begun = secondFactors.beginTotp(user);
            enrolment = Optional.of(new AuthorizationOutcome.SecondFactorPage.Enrolment(begun.secret(), begun.uri()));
        }
        return new AuthorizationOutcome.SecondFactorPage(handle, app.definition().name(), request.redirectUri(),
                options.offeredNames(), enrolment, sent, error);
    }

    private boolean secondFactorDemanded(App app, Scopes scopes, UserId user, boolean twoFactorsAsked) {
        return users.findById(user).map(u -> choice.options(app, u, scopes, twoFactorsAsked).demanded())
                .orElse(true);
    }

    /** The new-password form's submission, for a request whose user must replace a one-time or expired password. */
    public AuthorizationOutcome changePassword(String handle, Optional<String> browserBinding, Password next) {
        Optional<PendingRequest> pending = pending(handle, browserBinding)
                .filter(p -> p.request().passwordChangeDue() && p.request().identifiedUser().isPresent()
                        && !p.request().secondFactorDue()); // the factor first: a password alone sets none
        if (pending.isEmpty()) {
            return new AuthorizationOutcome.ErrorPage("This sign-in has expired, or was started in another browser. "
                    + "Go back to the app and start again.");
        }
        AuthorizationRequest request = pending.get().request();
        UserId user = request.identifiedUser().orElseThrow();
        try {
            accounts.replaceDuePassword(user, next, Actor.user(user));
        } catch (DomainException refused) {
            return new AuthorizationOutcome.PasswordChangePage(handle, pending.get().app().definition().name(),
                    request.redirectUri(), refused.violations().isEmpty()
                    ? List.of(new dev.bulwark.core.Violation("password", refused.code().code(), refused.detail()))
                    : refused.violations());
        }
        return complete(handle, pending.get().app(), request, user, request.authTime().orElse(clock.instant()));
    }

    /**
     * The user has signed in: the browser's single sign-on starts, and the app gets its code, unless the user must
     * first consent to it (a third-party app), in which case the request waits for that on the consent page.
     */
    private AuthorizationOutcome complete(String handle, App app, AuthorizationRequest request, UserId user,
                                          Instant authTime) {
        List<String> methods = request.methods().isEmpty() ? List.of(Assurance.PASSWORD) : request.methods();
        Confirmation due = confirmationDue(app, request.redirectUri(), request.scopes(), user, false,
                request.confirmation() == Confirmation.CONSENT);
        if (due == Confirmation.NONE && !requests.delete(request.digest())) {
            return new AuthorizationOutcome.ErrorPage("This sign-in was already completed. Go back to the app.");
        }
        String cookie = TokenDigest.newSecret(random, 32);
        Instant now = clock.instant();
        browserSessions.insert(new BrowserSession(TokenDigest.of(cookie), user, authTime, methods, now,
                now.plus(BROWSER_SESSION_LIFETIME)));
        browserSessionSweeps.run(now, () -> browserSessions.deleteExpired(now));
        if (due != Confirmation.NONE) {
            AuthorizationRequest waiting = request.awaiting(due, user, authTime, methods);
            requests.update(waiting);
            return confirmPage(handle, Optional.empty(), Optional.of(cookie), app, waiting);
        }
        return codeRedirect(app, request.redirectUri(), request.state(), request.scopes(), request.nonce(),
                request.codeChallenge(), user, authTime, methods, Optional.of(cookie));
    }

    private record PendingRequest(AuthorizationRequest request, App app) {
    }

    private Optional<PendingRequest> pending(String handle, Optional<String> browserBinding) {
        if (handle == null || handle.length() > 100 || browserBinding.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return requests.find(TokenDigest.of(handle))
                .filter(r -> r.expiresAt().isAfter(now))
                .filter(r -> TokenDigest.matches(browserBinding.get(), r.browserBinding()))
                .flatMap(r -> apps.find(r.clientId()).map(a -> new PendingRequest(r, a)));
    }

    private AuthorizationOutcome codeRedirect(App app, String redirectUri, Optional<String> state, Scopes requested,
                                              Optional<String> nonce, String challenge, UserId userId, Instant authTime,
                                              List<String> methods, Optional<String> newBrowserSession) {
        User user = users.findById(userId).filter(User::isActive).orElse(null);
        if (user == null) {
            return errorRedirect(redirectUri, state, "access_denied", "The user may not sign in.");
        }
        if (!Assurance.secondFactorPassed(methods) && secondFactorDemanded(app, requested, userId, false)) {
            // Fail closed: every path here should have asked for the factor already.
            return errorRedirect(redirectUri, state, "access_denied", "This sign-in needs a second factor.");
        }
        Scopes granted = TokenService.grantedScopes(app.definition(), requested, user);
        if (!app.definition().firstParty() && !consents.find(userId, app.clientId()).map(c -> c.covers(granted))
                .orElse(false)) {
            // Fail closed: no code for a third-party app without the user's consent to what it gets.
            return errorRedirect(redirectUri, state, "consent_required", "The user has not consented to this app.");
        }
        String code = codes.issue(new AuthorizationCodes.Grant(app.clientId(), userId, Optional.of(redirectUri),
                challenge, granted, nonce, authTime, Assurance.of(methods), Assurance.reported(methods), Optional.empty()));
        Map<String, String> response = new LinkedHashMap<>();
        response.put("code", code);
        state.ifPresent(s -> response.put("state", s));
        response.put("iss", issuer);
        return new AuthorizationOutcome.Redirect(withQuery(redirectUri, response), newBrowserSession);
    }

    /** An error for the app, at its verified redirect URI (RFC 6749 §4.1.2.1, RFC 9207). */
    private AuthorizationOutcome errorRedirect(String redirectUri, Optional<String> state, String error,
                                               String description) {
        Map<String, String> response = new LinkedHashMap<>();
        response.put("error", error);
        response.put("error_description", description);
        state.ifPresent(s -> response.put("state", s));
        response.put("iss", issuer);
        return new AuthorizationOutcome.Redirect(withQuery(redirectUri, response), Optional.empty());
    }

    /** Marks a refusal whose protocol error code differs from the domain's (unsupported_response_type, login_required). */
    static final String ERROR_OVERRIDE = "bulwark_error";

    private AuthorizationOutcome errorRedirectFor(String redirectUri, Optional<String> state, DomainException refused) {
        Object override = refused.extensions().get(ERROR_OVERRIDE);
        return errorRedirect(redirectUri, state, override != null ? override.toString() : refused.code().code(),
                refused.detail());
    }

    private static URI withQuery(String base, Map<String, String> parameters) {
        String query = parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return URI.create(base + (base.contains("?") ? "&" : "?") + query);
    }

    private static Optional<Duration> maxAge(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(text);
            if (seconds < 0) {
                throw new NumberFormatException("negative");
            }
            return Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "max_age must be a number of seconds.");
        }
    }

    private Optional<App> findApp(String clientId) {
        try {
            return apps.find(new ClientId(clientId));
        } catch (DomainException malformed) {
            return Optional.empty();
        }
    }
}
