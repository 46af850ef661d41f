package dev.bulwark.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditRecord;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.protection.CredentialGuard;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Brute-force protection of password checks, with the default policies (delay after 3, lock after 10). */
class BruteForceProtectionTest {
    private static final String GOOD = "violet tractor sings under 7 moons";
    private static final Optional<String> HOME = Optional.of("203.0.113.7");
    private final IdentityFixture f = new IdentityFixture();
    private User alice;

    @BeforeEach
    void alice() {
        alice = f.accounts.create(new NewUser(Username.of("alice"), Optional.empty(), Optional.empty(), Set.of()),
                Optional.of(Password.of(GOOD)), false, Actor.SYSTEM);
    }

    private PasswordVerification attempt(String login, String password, Optional<String> from) {
        return f.authentication.verify(login, Password.of(password), from, Actor.ANONYMOUS);
    }

    /** Fails n times, each after any delay has passed, so that each one counts. */
    private void failPatiently(String login, int n) {
        for (int i = 0; i < n; i++) {
            f.clock.advance(Duration.ofSeconds(31));
            assertThat(attempt(login, "wrong guess " + i, Optional.empty()).signInAllowed()).isFalse();
        }
    }

    @Test
    void whenThreeFailuresThenTheNextAttemptMustWaitAndEvenTheRightPasswordIsRefusedUntilThen() {
        failPatiently("alice", 3);

        assertThat(attempt("alice", GOOD, Optional.empty()).signInAllowed()).isFalse();
        f.clock.advance(Duration.ofSeconds(2));
        assertThat(attempt("alice", GOOD, Optional.empty()).signInAllowed()).isTrue();
    }

    @Test
    void whenTenFailuresThenTheAccountIsLockedForFifteenMinutesAndTheLockIsAuditedOnce() {
        failPatiently("alice", 10);
        f.clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 5; i++) {
            assertThat(attempt("alice", GOOD, Optional.empty()).signInAllowed()).isFalse();
        }

        assertThat(f.auditLog.all()).extracting(AuditRecord::type).containsOnlyOnce("credentials.locked");
        f.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(attempt("alice", GOOD, Optional.empty()).signInAllowed())
                .as("attempts while locked did not extend the lock").isTrue();
    }

    @Test
    void whenLockedThenTheAnswerAndTheWorkAreThoseOfAWrongPassword() {
        failPatiently("alice", 10);
        f.argon2.reset();

        PasswordVerification locked = attempt("alice", GOOD, Optional.empty());

        assertThat(locked).isEqualTo(PasswordVerification.REFUSED);
        assertThat(f.argon2.calls()).as("the hash is still computed, so timing tells nothing").hasSize(1);
    }

    @Test
    void whenALoginNamesNoAccountThenItIsCountedAndLockedJustTheSame() {
        failPatiently("nobody", 10);

        assertThat(f.auditLog.all()).extracting(AuditRecord::type).containsOnlyOnce("credentials.locked");
        assertThat(f.auditLog.all().stream().filter(r -> r.type().equals("credentials.locked")).findFirst()
                .orElseThrow().subject()).isNullOrEmpty();
    }

    @Test
    void whenAnAdministratorUnlocksThenTheRightPasswordWorksAtOnce() {
        failPatiently("alice", 10);

        assertThat(f.guard.unlock(alice.id(), Actor.SYSTEM)).isTrue();

        assertThat(attempt("alice", GOOD, Optional.empty()).signInAllowed()).isTrue();
        assertThat(f.auditLog.all()).extracting(AuditRecord::type).contains("credentials.unlocked");
    }

    @Test
    void whenOneAddressFailsTwentyTimesOverManyLoginsThenItIsToldToBackOffBeforeAnyCheck() {
        for (int i = 0; i < 20; i++) {
            attempt("user" + i, "wrong", HOME);
        }
        f.argon2.reset();

        assertThatThrownBy(() -> attempt("alice", GOOD, HOME)).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
            assertThat((Long) e.extensions().get(CredentialGuard.RETRY_AFTER)).isBetween(1L, 31L);
        });
        assertThat(f.argon2.calls()).as("refused before any hash").isEmpty();
        assertThat(attempt("alice", GOOD, Optional.of("198.51.100.1")).signInAllowed()).isTrue();
    }

    @Test
    void whenGuessesArriveInParallelThenNoMoreThanTheLockThresholdAreChecked() throws Exception {
        int parallel = 30;
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(parallel)) {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < parallel; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return attempt("alice", "parallel guess " + n, Optional.of("198.51.100." + n));
                }));
            }
            start.countDown();
            for (var future : futures) {
                future.get();
            }
        }

        long checked = f.auditLog.all().stream().filter(r -> r.type().equals("credential.failed"))
                .filter(r -> !r.details().contains("locked")).count();
        assertThat(checked).isLessThanOrEqualTo(10);
        assertThat(attempt("alice", GOOD, Optional.empty()).signInAllowed()).isFalse();
    }

    @Test
    void whenASuccessFollowsFailuresThenTheAccountCountStartsAgain() {
        failPatiently("alice", 2);
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(attempt("alice", GOOD, Optional.empty()).signInAllowed()).isTrue();

        failPatiently("alice", 2);

        assertThat(attempt("alice", GOOD, Optional.empty()).signInAllowed()).as("two failures: no delay yet").isTrue();
    }
}
