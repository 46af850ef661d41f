package dev.bulwark.core.identity;

import dev.bulwark.core.audit.AuditChain;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.crypto.Argon2Parameters;
import dev.bulwark.core.crypto.PasswordHasher;
import dev.bulwark.core.crypto.SecretBytes;
import dev.bulwark.core.protection.CredentialGuard;
import dev.bulwark.core.testing.CountingArgon2id;
import dev.bulwark.core.testing.InMemoryThrottles;
import dev.bulwark.core.testing.InMemoryAuditLog;
import dev.bulwark.core.testing.InMemoryPasswordCredentials;
import dev.bulwark.core.testing.InMemoryUsers;
import dev.bulwark.core.testing.InlineTransactions;
import dev.bulwark.core.testing.MovableClock;
import java.security.SecureRandom;
import java.time.Instant;

/** The identity services wired on in-memory doubles, with a clock the test can move. */
final class IdentityFixture {
    static final Argon2Parameters CHEAP = new Argon2Parameters(64, 1, 1);

    final InMemoryUsers users = new InMemoryUsers();
    final InMemoryPasswordCredentials passwords = new InMemoryPasswordCredentials();
    final InMemoryAuditLog auditLog = new InMemoryAuditLog();
    final CountingArgon2id argon2 = new CountingArgon2id();
    final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));
    final AuditTrail audit = new AuditTrail(auditLog, new AuditChain(SecretBytes.copyOf(new byte[32])), clock);
    final PasswordHasher hasher;
    final InMemoryThrottles throttles = new InMemoryThrottles();
    final CredentialGuard guard = new CredentialGuard(throttles, CredentialGuard.Policies.DEFAULT, audit, clock);
    /** The reasons sessions were ended for, in order. */
    final java.util.List<SessionTermination.Reason> endedFor = new java.util.concurrent.CopyOnWriteArrayList<>();
    final SessionTermination sessionsEnded = (user, keep, reason, actor) -> {
        endedFor.add(reason);
        return 0;
    };
    final UserAccounts accounts;
    final PasswordAuthentication authentication;

    IdentityFixture() {
        this(CHEAP, PasswordPolicy.DEFAULT);
    }

    IdentityFixture(Argon2Parameters parameters, PasswordPolicy policy) {
        hasher = new PasswordHasher(argon2, parameters, new SecureRandom());
        accounts = new UserAccounts(users, passwords, hasher, new PasswordPolicyCheck(policy), audit,
                new InlineTransactions(), clock, sessionsEnded);
        authentication = new PasswordAuthentication(users, passwords, hasher, policy, audit, new InlineTransactions(),
                clock, new SecureRandom(), guard);
        argon2.reset();
    }

    /** Services over the same stores, configured with other Argon2id parameters. */
    PasswordAuthentication authenticationWith(Argon2Parameters parameters) {
        return new PasswordAuthentication(users, passwords, new PasswordHasher(argon2, parameters, new SecureRandom()),
                PasswordPolicy.DEFAULT, audit, new InlineTransactions(), clock, new SecureRandom(), guard);
    }
}
