package dev.bulwark.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.audit.AuditChain;
import dev.bulwark.core.audit.AuditEvents.CredentialKind;
import dev.bulwark.core.audit.AuditEvents.CredentialVerified;
import dev.bulwark.core.audit.AuditRecord;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.crypto.SecretBytes;
import dev.bulwark.core.identity.Role;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.identity.UserStatus;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.protection.CredentialGuard;
import dev.bulwark.core.session.SessionId;
import dev.bulwark.core.testing.InMemoryApps;
import dev.bulwark.core.testing.InMemoryAuditLog;
import dev.bulwark.core.testing.InMemoryThrottles;
import dev.bulwark.core.testing.InMemoryUsers;
import dev.bulwark.core.testing.InlineTransactions;
import dev.bulwark.core.testing.MovableClock;
import dev.bulwark.core.testing.TestApps;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The challenge endpoint's one commit per request: what a step verified is audited with the request's outcome,
 * and on its own when the request fails before that commit.
 */
class ChallengeServiceTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final InMemoryAuditLog auditLog = new InMemoryAuditLog();
    private final AuditTrail audit = new AuditTrail(auditLog, new AuditChain(SecretBytes.copyOf(new byte[32])), clock);
    private final InMemoryUsers users = new InMemoryUsers();
    private final InMemoryApps apps = new InMemoryApps();
    private final Map<String, AuthSession> authSessions = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
    private final User alice = new User(UserId.random(), Username.of("alice"), Optional.empty(), Optional.empty(),
            UserStatus.ACTIVE, Set.<Role>of(), clock.instant(), clock.instant());

    ChallengeServiceTest() {
        users.insert(alice);
        apps.insert(new App(TestApps.nativeApp("shop-app"), Optional.empty(), clock.instant(), clock.instant()));
    }

    /** Identifies alice, as the password step does, leaving its audit event to the service's commit. */
    private final ChallengeStep identifies = (client, session, request) -> new ChallengeStep.Progress(
            session.authenticated(alice.id(), clock.instant(), Assurance.PASSWORD, Set.of()),
            List.of(new CredentialVerified(alice.id(), CredentialKind.PASSWORD)));

    @Test
    void whenTheStepsPassThenWhatTheyVerifiedIsAuditedOnceWithTheCode() {
        var issued = service(List.of(identifies)).challenge(request());

        assertThat(issued.authorizationCode()).isNotBlank();
        assertThat(codes).hasSize(1);
        assertThat(verifiedRecords()).hasSize(1);
    }

    @Test
    void whenALaterStepAsksForMoreThenWhatWasVerifiedIsAuditedWithTheSavedSession() {
        ChallengeStep asks = (client, session, request) -> {
            throw new DomainException(ErrorCode.INSUFFICIENT_AUTHORIZATION, "A second factor is needed.");
        };

        assertThatThrownBy(() -> service(List.of(identifies, asks)).challenge(request()))
                .isInstanceOf(DomainException.class);
        assertThat(authSessions).hasSize(1);
        assertThat(verifiedRecords()).hasSize(1);
        assertThat(codes).isEmpty();
    }

    @Test
    void whenTheRequestFailsBeforeItsCommitThenWhatWasVerifiedIsStillAudited() {
        ChallengeStep breaks = (client, session, request) -> {
            throw new IllegalStateException("the store went away");
        };

        assertThatThrownBy(() -> service(List.of(identifies, breaks)).challenge(request()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(verifiedRecords()).as("audited on its own").hasSize(1);
        assertThat(authSessions).isEmpty();
        assertThat(codes).isEmpty();
    }

    @Test
    void whenTheUserIsDeletedMeanwhileThenTheSignInIsRefusedAndTheVerificationStillAudited() {
        ChallengeStep deletes = (client, session, request) -> {
            users.delete(alice.id());
            return ChallengeStep.Progress.to(session);
        };

        assertThatThrownBy(() -> service(List.of(identifies, deletes)).challenge(request()))
                .isInstanceOf(DomainException.class);
        assertThat(verifiedRecords()).hasSize(1);
        assertThat(codes).isEmpty();
    }

    private List<AuditRecord> verifiedRecords() {
        return auditLog.all().stream().filter(r -> r.type().equals("credential.verified")).toList();
    }

    private ChallengeRequest request() {
        return new ChallengeRequest(new ClientCredentials.Public(new dev.bulwark.core.app.ClientId("shop-app")),
                Optional.empty(), Optional.of("code"), Optional.of("openid"),
                Optional.of("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"), Optional.of("S256"), Map.of(),
                Optional.empty(), Optional.empty());
    }

    private ChallengeService service(List<ChallengeStep> steps) {
        var guard = new CredentialGuard(new InMemoryThrottles(), CredentialGuard.Policies.DEFAULT, audit, clock);
        var clients = new ClientAuthenticator(apps, (key, now, expiresAt) -> true, guard, audit, clock,
                "https://id.example", "https://id.example/oauth2/token");
        return new ChallengeService(clients, new MapAuthSessions(), new AuthorizationCodes(new MapCodes(), clock,
                new SecureRandom()), users, steps, audit, new InlineTransactions(), clock, new SecureRandom());
    }

    private final class MapAuthSessions implements AuthSessionRepository {
        @Override
        public void insert(AuthSession session) {
            authSessions.put(session.digest(), session);
        }

        @Override
        public Optional<AuthSession> find(String digest) {
            return Optional.ofNullable(authSessions.get(digest));
        }

        @Override
        public void update(AuthSession session) {
            authSessions.put(session.digest(), session);
        }

        @Override
        public boolean delete(String digest) {
            return authSessions.remove(digest) != null;
        }

        @Override
        public void deleteExpired(Instant before) {
            authSessions.values().removeIf(s -> s.expiresAt().isBefore(before));
        }
    }

    private final class MapCodes implements AuthorizationCodeRepository {
        @Override
        public void insert(AuthorizationCode code) {
            codes.put(code.digest(), code);
        }

        @Override
        public Optional<AuthorizationCode> find(String digest) {
            return Optional.ofNullable(codes.get(digest));
        }

        @Override
        public boolean markUsed(String digest, Instant at, SessionId sessionId) {
            return false;
        }

        @Override
        public void deleteExpired(Instant before) {
            codes.values().removeIf(c -> c.expiresAt().isBefore(before));
        }
    }
}
