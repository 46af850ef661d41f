package dev.bulwark.core.identity;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.Transactions;
import dev.bulwark.core.Violation;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvents.CredentialFailed;
import dev.bulwark.core.audit.AuditEvents.CredentialKind;
import dev.bulwark.core.audit.AuditEvents.FailureReason;
import dev.bulwark.core.audit.AuditEvents.PasswordChangeReason;
import dev.bulwark.core.audit.AuditEvents.PasswordChanged;
import dev.bulwark.core.audit.AuditEvents.UserCreated;
import dev.bulwark.core.audit.AuditEvents.UserDeleted;
import dev.bulwark.core.audit.AuditEvents.UserDisabled;
import dev.bulwark.core.audit.AuditEvents.UserEnabled;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.crypto.PasswordHash;
import dev.bulwark.core.crypto.PasswordHasher;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Creates, finds, disables and deletes users and sets their passwords. Every change is audited in the same
 * transaction as the change itself. Password hashing happens before the transaction opens, so that the
 * slow part never holds a database lock.
 */
public final class UserAccounts {
    private final UserRepository users;
    private final PasswordCredentialRepository passwords;
    private final PasswordHasher hasher;
    private final PasswordPolicyCheck policy;
    private final AuditTrail audit;
    private final Transactions transactions;
    private final Clock clock;
    private final SessionTermination sessions;

    public UserAccounts(UserRepository users, PasswordCredentialRepository passwords, PasswordHasher hasher,
                        PasswordPolicyCheck policy, AuditTrail audit, Transactions transactions, Clock clock,
                        SessionTermination sessions) {
        this.users = users;
        this.passwords = passwords;
        this.hasher = hasher;
        this.policy = policy;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.sessions = sessions;
    }

    /**
     * Creates a user, with a first password when one is given.
     *
     * @param mustChange whether that password is one-time, to be replaced at the next sign-in
     * @throws DomainException {@code PASSWORD_POLICY} when the password is refused, {@code CONFLICT} when the
     *                         username or email address is taken
     */
    public User create(NewUser request, Optional<Password> password, boolean mustChange, Actor actor) {
        return create(request, password, mustChange, PasswordChangeReason.SET_BY_OPERATOR, actor);
    }

    /**
     * Creates the first administrator, with a one-time password, unless an administrator already exists.
     *
     * @return the new administrator, or empty when there already was one
     */
    public Optional<User> createBootstrapAdministrator(Username username, Password oneTimePassword) {
        if (users.anyWithRole(Role.ADMIN)) {
            return Optional.empty();
        }
        var request = new NewUser(username, Optional.empty(), Optional.empty(), Set.of(Role.ADMIN));
        return Optional.of(create(request, Optional.of(oneTimePassword), true, PasswordChangeReason.BOOTSTRAP,
                Actor.SYSTEM));
    }

    private User create(NewUser request, Optional<Password> password, boolean mustChange,
                        PasswordChangeReason reason, Actor actor) {
        password.ifPresent(p -> requireAcceptable(p, request.username(), request.email(), List.of()));
        Optional<PasswordHash> hash = password.map(hasher::hash);
        Instant now = clock.instant();
        var user = new User(UserId.random(), request.username(), request.email(), request.phone(), UserStatus.ACTIVE,
                request.roles(), now, now);
        return transactions.inTransaction(() -> {
            users.insert(user);
            audit.record(new UserCreated(user.id(), user.username(), user.roles()), actor);
            hash.ifPresent(h -> {
                passwords.save(new PasswordCredential(user.id(), h, now, mustChange));
                audit.record(new PasswordChanged(user.id(), reason, mustChange), actor);
            });
            return user;
        });
    }

    /** Finds a user by id (a UUID) or else by username. */
    public Optional<User> find(String idOrUsername) {
        if (UserId.looksLikeId(idOrUsername)) {
            Optional<User> byId = users.findById(UserId.parse(idOrUsername));
            if (byId.isPresent()) {
                return byId;
            }
        }
        try {
            return users.findByUsername(Username.of(idOrUsername));
        } catch (DomainException malformed) {
            return Optional.empty();
        }
    }

    public List<User> list(int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > 1_000) {
            throw DomainException.invalid("limit", "page_range", "Offset must be 0 or more and limit 1 to 1000.");
        }
        return users.list(offset, limit);
    }

    /** Whether the user has a password, when it was set, and whether it must be replaced before anything else. */
    public Optional<PasswordStatus> passwordStatus(UserId id) {
        return passwords.find(id).map(c -> new PasswordStatus(c.changedAt(), c.mustChange()));
    }

    public User disable(UserId id, Actor actor) {
        return setStatus(id, UserStatus.DISABLED, actor);
    }

    public User enable(UserId id, Actor actor) {
        return setStatus(id, UserStatus.ACTIVE, actor);
    }

    private User setStatus(UserId id, UserStatus status, Actor actor) {
        return transactions.inTransaction(() -> {
            User user = require(id);
            if (user.status() == status) {
                return user;
            }
            User changed = user.withStatus(status, clock.instant());
            users.update(changed);
            audit.record(status == UserStatus.DISABLED ? new UserDisabled(id) : new UserEnabled(id), actor);
            if (status == UserStatus.DISABLED) {
                sessions.endSessions(id, Optional.empty(), SessionTermination.Reason.USER_DISABLED, actor);
            }
            return changed;
        });
    }

    /** Deletes the user and their credentials for good; the audit trail keeps the fact, by id and username. */
    public void delete(UserId id, Actor actor) {
        transactions.run(() -> {
            User user = require(id);
            sessions.endSessions(id, Optional.empty(), SessionTermination.Reason.USER_DELETED, actor);
            users.delete(id);
            audit.record(new UserDeleted(id, user.username()), actor);
        });
    }

    /**
     * Sets a user's password as an operator or administrator, which ends all of the user's sessions.
     *
     * @param mustChange whether the user must replace it at the next sign-in
     */
    public void setPassword(UserId id, Password password, boolean mustChange, Actor actor) {
        User user = users.findById(id).orElseThrow(UserAccounts::notFound);
        replacePassword(user, password, mustChange, PasswordChangeReason.SET_BY_OPERATOR, Optional.empty(), actor);
    }

    /**
     * Changes a user's own password after proving the current one, and ends their other sessions. The refusal for
     * a wrong current password is the same whatever the reason.
     *
     * @param currentSession the session the change is made from, which stays
     */
    public void changePassword(UserId id, Password current, Password next, Optional<String> currentSession,
                               Actor actor) {
        User user = users.findById(id).orElseThrow(UserAccounts::wrongPassword);
        PasswordCredential credential = passwords.find(id).orElseThrow(UserAccounts::wrongPassword);
        if (!user.isActive() || !hasher.verify(current, credential.hash())) {
            audit.record(new CredentialFailed(Optional.of(id), CredentialKind.PASSWORD,
                    user.isActive() ? FailureReason.WRONG_SECRET : FailureReason.ACCOUNT_DISABLED), actor);
            throw wrongPassword();
        }
        replacePassword(user, next, false, PasswordChangeReason.CHANGED_BY_USER, currentSession, actor);
    }

    /**
     * Checks a new password against the policy (and the user's history) without changing anything.
     *
     * @throws DomainException {@code password_policy} with the violations
     */
    public void checkAcceptable(UserId id, Password password) {
        User user = users.findById(id).orElseThrow(UserAccounts::notFound);
        requireAcceptable(password, user.username(), user.email(), recentHashes(id, passwords.find(id)));
    }

    /**
     * Sets a new password for a user who proved control of their email address (account recovery), and ends every
     * session and single sign-on: whoever else may have had the account is out.
     */
    public void resetPassword(UserId id, Password next, Actor actor) {
        User user = users.findById(id).filter(User::isActive).orElseThrow(UserAccounts::notFound);
        replacePassword(user, next, false, PasswordChangeReason.RESET_BY_USER, Optional.empty(), actor);
    }

    /**
     * Replaces a one-time or expired password that the user has just proven at sign-in (the sign-in flow proved it;
     * this only checks that a change is due), and ends any other sessions.
     *
     * @throws DomainException {@code INVALID_REQUEST} when no change is due
     */
    public void replaceDuePassword(UserId id, Password next, Actor actor) {
        User user = users.findById(id).orElseThrow(UserAccounts::notFound);
        PasswordCredential credential = passwords.find(id).orElseThrow(UserAccounts::notFound);
        Optional<java.time.Duration> maxAge = policy.policy().expires() ? Optional.of(policy.policy().maxAge())
                : Optional.empty();
        boolean expired = maxAge.map(age -> !credential.changedAt().plus(age).isAfter(clock.instant())).orElse(false);
        if (!credential.mustChange() && !expired) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "No password change is due.");
        }
        replacePassword(user, next, false, PasswordChangeReason.CHANGED_BY_USER, Optional.empty(), actor);
    }

    private void replacePassword(User user, Password password, boolean mustChange, PasswordChangeReason reason,
                                 Optional<String> keepSession, Actor actor) {
        Optional<PasswordCredential> previous = passwords.find(user.id());
        requireAcceptable(password, user.username(), user.email(), recentHashes(user.id(), previous));
        PasswordHash hash = hasher.hash(password);
        transactions.run(() -> {
            require(user.id());
            passwords.find(user.id()).ifPresent(old -> passwords.retire(old, policy.policy().historySize()));
            passwords.save(new PasswordCredential(user.id(), hash, clock.instant(), mustChange));
            audit.record(new PasswordChanged(user.id(), reason, mustChange), actor);
            sessions.endSessions(user.id(), keepSession, SessionTermination.Reason.PASSWORD_CHANGED, actor);
        });
    }

    /** The current hash and the history the policy says may not be reused. */
    private List<PasswordHash> recentHashes(UserId id, Optional<PasswordCredential> current) {
        int size = policy.policy().historySize();
        if (size == 0) {
            return List.of();
        }
        List<PasswordHash> hashes = new ArrayList<>();
        current.ifPresent(c -> hashes.add(c.hash()));
        hashes.addAll(passwords.history(id, size));
        return hashes;
    }

    private void requireAcceptable(Password password, Username username, Optional<EmailAddress> email,
                                   List<PasswordHash> recent) {
        List<String> context = new ArrayList<>();
        context.add(username.value());
        email.ifPresent(e -> context.add(e.value()));
        List<Violation> violations = new ArrayList<>(policy.violations(password, context));
        if (violations.isEmpty() && recent.stream().anyMatch(h -> hasher.verify(password, h))) {
            violations.add(new Violation("password", "reused", "Choose a password you haven't used recently."));
        }
        if (!violations.isEmpty()) {
            throw new DomainException(ErrorCode.PASSWORD_POLICY, "The password does not meet the password policy.",
                    violations);
        }
    }

    private User require(UserId id) {
        return users.findById(id).orElseThrow(UserAccounts::notFound);
    }

    private static DomainException notFound() {
        return new DomainException(ErrorCode.NOT_FOUND, "No such user.");
    }

    private static DomainException wrongPassword() {
        return new DomainException(ErrorCode.INVALID_CREDENTIALS, "The current password is not correct.");
    }
}
