package dev.bulwark.core.oauth;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.NowAndThen;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.GrantType;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvent;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.crypto.TokenDigest;
import dev.bulwark.core.identity.UserRepository;
import java.security.SecureRandom;
import dev.bulwark.core.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The authorization challenge endpoint of the OAuth 2.0 for First-Party Applications draft (-04): a first-party
 * native app signs its user in without a browser and receives an authorization code, which it exchanges with PKCE
 * at the token endpoint. Every refusal after the first request carries the {@code auth_session} to continue with.
 * An auth session is spent when its code is issued: posting it again, even at once, issues nothing (a code must never
 * outlive a password change or a "sign out everywhere" made meanwhile); a later step-up starts a new sign-in.
 *
 * <p>Unlike the draft, PKCE is required: these codes are redeemed like any other (OAuth 2.1 §4.1.3).
 */
public final class ChallengeService {
    /** Marks a refusal that counts against the auth session's attempts; never shown to the client. */
    static final String FAILED_ATTEMPT = "bulwark_failed_attempt";
    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final int MOST_FAILURES = 5;

    private final ClientAuthenticator clients;
    private final AuthSessionRepository authSessions;
    private final AuthorizationCodes codes;
    private final UserRepository users;
    private final List<ChallengeStep> steps;
    private final AuditTrail audit;
    private final Transactions transactions;
    private final Clock clock;
    private final SecureRandom random;
    private final NowAndThen sweeps = new NowAndThen(Duration.ofMinutes(1));

    public ChallengeService(ClientAuthenticator clients, AuthSessionRepository authSessions, AuthorizationCodes codes,
                            UserRepository users, List<ChallengeStep> steps, AuditTrail audit,
                            Transactions transactions, Clock clock, SecureRandom random) {
        this.audit = audit;
        this.transactions = transactions;
        this.clients = clients;
        this.authSessions = authSessions;
        this.codes = codes;
        this.users = users;
        this.steps = List.copyOf(steps);
        this.clock = clock;
        this.random = random;
    }

    /**
     * The success response: a code (draft §5.2.1), and what the steps made for the app to show once (recovery
     * codes); the auth session that led to it is spent.
     */
    public record Issued(String authorizationCode, Map<String, Object> shown) {
        public Issued {
            shown = Map.copyOf(shown);
        }

        @Override
        public String toString() {
            return "Issued[redacted]";
        }
    }

    public Issued challenge(ChallengeRequest request) {
        App client = clients.authenticate(request.client(), request.clientIp());
        if (!client.definition().firstParty() || !client.definition().allows(GrantType.AUTHORIZATION_CODE)) {
            throw new DomainException(ErrorCode.UNAUTHORIZED_CLIENT, "Only first-party apps may sign users in here.");
        }
        Instant now = clock.instant();
        String handle;
        AuthSession session;
        boolean stored = request.authSession().isPresent();
        if (stored) {
            handle = request.authSession().get();
            session = authSessions.find(TokenDigest.of(handle))
                    .filter(s -> s.clientId().equals(client.clientId()) && s.expiresAt().isAfter(now))
                    .orElseThrow(() -> new DomainException(ErrorCode.INVALID_SESSION,
                            "The auth_session is unknown or has expired; start again."));
        } else {
            if (!request.responseType().map("code"::equals).orElse(false)) {
                throw new DomainException(ErrorCode.INVALID_REQUEST, "response_type must be code.");
            }
            String challenge = Pkce.requireS256Challenge(request.codeChallenge().orElse(null),
                    request.codeChallengeMethod().orElse(null));
            Scopes scopes = Scopes.parse(request.scope().orElse(null));
            if (!client.definition().mayRequest(scopes)) {
                throw new DomainException(ErrorCode.INVALID_SCOPE, "The app may not request that scope.");
            }
            handle = TokenDigest.newSecret(random, 32);
            // Step-up (acr_values), or administration: two factors whatever the policy would ask of this user.
            boolean twoFactors = request.parameter("acr_values").filter(Assurance::asksForTwoFactors).isPresent()
                    || client.definition().demandsTwoFactors(scopes);
            Set<AuthSession.Requirement> required = twoFactors ? Set.of(AuthSession.Requirement.SECOND_FACTOR)
                    : Set.of();
            session = new AuthSession(TokenDigest.of(handle), client.clientId(), scopes, challenge, Optional.empty(),
                    Optional.empty(), List.of(), required, 0, Optional.empty(), now, now.plus(LIFETIME));
            // Stored only with the outcome of the steps, in one commit: most sign-ins finish in one request.
        }
        if (session.failures() >= MOST_FAILURES) {
            throw new DomainException(ErrorCode.INVALID_SESSION, "Too many failed attempts; start again.");
        }
        // What the steps verified is audited in the commit of the request's outcome: a sign-in commits once. (A
        // step that audits on its own, such as a one-time password sent with the password, comes first in the trail.)
        List<AuditEvent> verified = new ArrayList<>();
        try {
            return advance(client, session, stored, handle, request, now, verified);
        } catch (RuntimeException failure) {
            // The request ended before that commit (a store failure, a bug, the user deleted meanwhile): what was
            // verified is audited on its own, so that no verified credential goes unrecorded.
            if (!verified.isEmpty()) {
                try {
                    transactions.run(() -> verified.forEach(event -> audit.record(event, Actor.ANONYMOUS)));
                } catch (RuntimeException alsoFailed) {
                    failure.addSuppressed(alsoFailed);
                }
            }
            throw failure;
        }
    }

    /**
     * Runs the steps and commits the outcome, with the audit events of what they verified: the session saved for
     * the next step, or the code. Once they are committed, {@code verified} is emptied.
     */
    private Issued advance(App client, AuthSession started, boolean stored, String handle, ChallengeRequest request,
                           Instant now, List<AuditEvent> verified) {
        AuthSession session = started;
        Map<String, Object> shown = new LinkedHashMap<>();
        for (ChallengeStep step : steps) {
            try {
                ChallengeStep.Progress progress = step.apply(client, session, request);
                session = progress.session();
                verified.addAll(progress.verified());
                shown.putAll(progress.shown());
            } catch (DomainException refused) {
                AuthSession recorded = refused.extensions().containsKey(FAILED_ATTEMPT) ? session.failed() : session;
                transactions.run(() -> {
                    save(recorded, stored, now);
                    verified.forEach(event -> audit.record(event, Actor.ANONYMOUS));
                });
                verified.clear();
                throw continuation(refused, handle, shown);
            }
        }
        if (!session.pending().isEmpty()) {
            // Every requirement has a step that satisfies it; one left over is a bug, and must not sign anyone in.
            throw new DomainException(ErrorCode.ACCESS_DENIED, "The sign-in is not complete.");
        }
        AuthSession completed = session;
        var user = users.findById(session.userId().orElseThrow())
                .orElseThrow(() -> new DomainException(ErrorCode.ACCESS_DENIED, "The username or password is not correct."));
        Scopes granted = TokenService.grantedScopes(client.definition(), session.scopes(), user);
        String code = transactions.inTransaction(() -> {
            if (stored && !authSessions.delete(completed.digest())) {
                // A concurrent request with the same auth session issued its code first.
                throw new DomainException(ErrorCode.INVALID_SESSION, "The auth_session was already used; start again.");
            }
            verified.forEach(event -> audit.record(event, Actor.ANONYMOUS));
            return codes.issue(new AuthorizationCodes.Grant(client.clientId(), user.id(), Optional.empty(),
                    completed.codeChallenge(), granted, Optional.empty(), completed.authTime().orElseThrow(),
                    Assurance.of(completed.methods()), Assurance.reported(completed.methods()),
                    completed.attestedKey()));
        });
        verified.clear();
        return new Issued(code, shown);
    }

    private void save(AuthSession session, boolean stored, Instant now) {
        if (stored) {
            authSessions.update(session);
        } else {
            authSessions.insert(session);
            sweeps.run(now, () -> authSessions.deleteExpired(now));
        }
    }

    /**
     * The refusal as the client sees it: with the auth session to continue and what earlier steps of this request
     * made for it to show, without internal markers.
     */
    private static DomainException continuation(DomainException refused, String handle, Map<String, Object> shown) {
        Map<String, Object> members = new LinkedHashMap<>(refused.extensions());
        members.remove(FAILED_ATTEMPT);
        members.putAll(shown);
        members.put("auth_session", handle);
        DomainException cleaned = new DomainException(refused.code(), refused.detail(), refused.violations());
        return cleaned.with(members);
    }
}
