package dev.bulwark.core.identity;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.Transactions;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvents.CredentialFailed;
import dev.bulwark.core.audit.AuditEvents.CredentialKind;
import dev.bulwark.core.audit.AuditEvents.CredentialVerified;
import dev.bulwark.core.audit.AuditEvents.FailureReason;
import dev.bulwark.core.audit.AuditEvents.PasswordRehashed;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.crypto.PasswordHash;
import dev.bulwark.core.crypto.PasswordHasher;
import dev.bulwark.core.protection.CredentialGuard;
import dev.bulwark.core.protection.ThrottleKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks a username (or email address) and password. Every path, including an unknown or malformed
 * username, a user without a password and a disabled user, makes the same lookups and computes one Argon2id
 * hash at the configured parameters, so the answer takes the same time and says the same thing whatever was
 * wrong. (A stored hash made under older parameters costs what those parameters cost until it is upgraded,
 * which a successful sign-in does.)
 */
public final class PasswordAuthentication {
    private final UserRepository users;
    private final PasswordCredentialRepository passwords;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final AuditTrail audit;
    private final Transactions transactions;
    private final Clock clock;
    private final CredentialGuard guard;
    /** A hash of a random password, verified against when there is no real hash, to spend the same time. */
    private final PasswordHash dummy;

    public PasswordAuthentication(UserRepository users, PasswordCredentialRepository passwords, PasswordHasher hasher,
                                  PasswordPolicy policy, AuditTrail audit, Transactions transactions, Clock clock,
                                  SecureRandom random, CredentialGuard guard) {
        this.guard = guard;
        this.users = users;
        this.passwords = passwords;
        this.hasher = hasher;
        this.policy = policy;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        byte[] unguessable = new byte[32];
        random.nextBytes(unguessable);
        this.dummy = hasher.hash(Password.of(HexFormat.of().formatHex(unguessable)));
    }

    /**
     * Checks a login and password, under brute-force protection: an address that failed too often is refused
     * first ({@code too_many_requests}); an account (or a login that names none) that failed too often is
     * refused like a wrong password, after the same work.
     *
     * @param address where the attempt came from, when known
     */
    public PasswordVerification verify(String login, Password password, Optional<String> address, Actor actor) {
        Attempt attempt = attempt(login, password, address, actor);
        attempt.verified().ifPresent(event -> audit.record(event, actor));
        return attempt.verification();
    }

    /**
     * A check by {@link #verify}, and when the password verified, its audit event: to be recorded by the caller.
     *
     * @param verified present exactly when the verification is not a refusal
     */
    public record Attempt(PasswordVerification verification, Optional<CredentialVerified> verified) {
    }

    /**
     * As {@link #verify}, except that a success's audit event is returned rather than recorded, for the caller to
     * record in the commit that acts on the success (a first-party sign-in's code, or its next step): each commit
     * waits for the disk, and a sign-in then needs one. Refusals are recorded here, as by {@link #verify}.
     */
    public Attempt attempt(String login, Password password, Optional<String> address, Actor actor) {
        Optional<User> found = findByLogin(login);
        ThrottleKey key = found.map(user -> ThrottleKey.user(user.id()))
                .orElseGet(() -> ThrottleKey.unknownLogin(login == null ? "" : login));
        Checked checked;
        try (CredentialGuard.Attempt attempt = guard.begin(Optional.of(key), address)) {
            checked = check(found, password, attempt);
        }
        // Recorded once the check has let the next one of the account start: this writes, and waits for the disk.
        if (checked.refusal().isPresent()) {
            audit.record(new CredentialFailed(found.map(User::id), CredentialKind.PASSWORD, checked.refusal().get()),
                    actor);
            return new Attempt(PasswordVerification.REFUSED, Optional.empty());
        }
        User user = found.orElseThrow();
        PasswordCredential current = checked.credential().orElseThrow();
        if (hasher.needsRehash(current.hash())) {
            rehash(current, password, actor);
        }
        boolean expired = policy.expires() && !current.changedAt().plus(policy.maxAge()).isAfter(clock.instant());
        var outcome = current.mustChange() || expired ? PasswordVerification.Outcome.CHANGE_REQUIRED
                : PasswordVerification.Outcome.VERIFIED;
        return new Attempt(new PasswordVerification(outcome, Optional.of(user)),
                Optional.of(new CredentialVerified(user.id(), CredentialKind.PASSWORD)));
    }

    /** What a check found: the credential it checked against, and why it refused, if it did. */
    private record Checked(Optional<PasswordCredential> credential, Optional<FailureReason> refusal) {
    }

    /** The check itself, and its count against the account: all that must happen before the next check starts. */
    private Checked check(Optional<User> found, Password password, CredentialGuard.Attempt attempt) {
        boolean blocked = attempt.blocked();
        // Look a credential up even for an unknown user, so that both paths run the same queries.
        Optional<PasswordCredential> credential = passwords.find(found.map(User::id).orElseGet(UserId::random));
        boolean matches = hasher.verify(password, credential.map(PasswordCredential::hash).orElse(dummy));

        if (blocked || found.isEmpty() || credential.isEmpty() || !matches || !found.get().isActive()) {
            FailureReason reason = blocked ? FailureReason.LOCKED
                    : found.isEmpty() ? FailureReason.UNKNOWN_ACCOUNT
                    : credential.isEmpty() ? FailureReason.NO_CREDENTIAL
                    : !matches ? FailureReason.WRONG_SECRET : FailureReason.ACCOUNT_DISABLED;
            attempt.failed(found.map(User::id));
            return new Checked(credential, Optional.of(reason));
        }
        attempt.succeeded();
        return new Checked(credential, Optional.empty());
    }

    /**
     * A login with an {@code @} is an email address, anything else a username (usernames cannot contain one).
     * Malformed logins are looked up too, as a key that matches nothing, so they cost what a real lookup costs.
     */
    public Optional<User> findByLogin(String login) {
        String text = login == null || login.length() > 254 ? "" : login;
        if (text.indexOf('@') >= 0) {
            String key;
            try {
                key = EmailAddress.of(text).value();
            } catch (DomainException malformed) {
                key = "";
            }
            return users.findByEmail(EmailAddress.fromStorage(key));
        }
        String key;
        try {
            key = Username.of(text).value();
        } catch (DomainException malformed) {
            key = "";
        }
        return users.findByUsername(Username.fromStorage(key));
    }

    /** Upgrades the hash unless the password changed meanwhile (compare and set). */
    private void rehash(PasswordCredential verified, Password password, Actor actor) {
        PasswordHash upgraded = hasher.hash(password);
        var replacement = new PasswordCredential(verified.userId(), upgraded, verified.changedAt(), verified.mustChange());
        transactions.run(() -> {
            if (passwords.replaceIfUnchanged(verified, replacement)) {
                audit.record(new PasswordRehashed(verified.userId(), verified.hash().parameters(), upgraded.parameters()),
                        actor);
            }
        });
    }
}
