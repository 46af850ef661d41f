package dev.bulwark.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.AppRepository;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.audit.AuditChain;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.crypto.SecretBytes;
import dev.bulwark.core.protection.CredentialGuard;
import dev.bulwark.core.testing.InMemoryAuditLog;
import dev.bulwark.core.testing.InMemoryThrottles;
import dev.bulwark.core.testing.MovableClock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAuthenticatorTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final InMemoryThrottles throttles = new InMemoryThrottles();
    private final AuditTrail audit = new AuditTrail(new InMemoryAuditLog(), new AuditChain(SecretBytes.copyOf(
            new byte[32])), clock);
    private final CredentialGuard guard = new CredentialGuard(throttles, CredentialGuard.Policies.DEFAULT, audit,
            clock);

    /** The database, busy under a burst: every lookup fails as unavailable. */
    private final AppRepository busy = new AppRepository() {
        @Override
        public void insert(App app) {
            throw unavailable();
        }

        @Override
        public boolean update(App app) {
            throw unavailable();
        }

        @Override
        public boolean delete(ClientId clientId) {
            throw unavailable();
        }

        @Override
        public Optional<App> find(ClientId clientId) {
            throw unavailable();
        }

        @Override
        public List<App> list() {
            throw unavailable();
        }

        private DomainException unavailable() {
            return new DomainException(ErrorCode.UNAVAILABLE, "The database is unavailable.");
        }
    };

    /**
     * A burst of a thousand connections made the database time out now and then, and each time counted as a failed
     * client authentication: the loopback address of every client was locked out for fifteen minutes.
     */
    @Test
    void whenTheDatabaseIsBusyThenNothingCountsAgainstTheAddress() {
        var clients = new ClientAuthenticator(busy, (key, now, expiresAt) -> true, guard, audit, clock,
                "https://id.example", "https://id.example/oauth2/token");

        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> clients.authenticate(new ClientCredentials.Secret(new ClientId("svc"), "secret", true),
                    Optional.of("192.0.2.1"))).isInstanceOfSatisfying(DomainException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }

        assertThat(throttles.findAll(List.of(dev.bulwark.core.protection.ThrottleKey.address("192.0.2.1").stored())))
                .isEmpty();
    }
}
