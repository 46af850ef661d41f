package dev.bulwark.core.protection;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvents.CredentialsLocked;
import dev.bulwark.core.audit.AuditEvents.CredentialsUnlocked;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.identity.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Brute-force protection for every credential check. A source address that failed too often is refused before
 * anything is looked at, with {@code too_many_requests} and the seconds to wait: it should back off. An account or
 * a client that failed too often is answered exactly as a wrong credential would be (the caller still does the
 * same work), so that an unauthenticated caller learns neither that the account exists nor that it is locked.
 * Attempts refused while blocked are not counted, so that nobody can keep someone else's account locked for
 * longer than one lock period by trying on.
 */
public final class CredentialGuard {
    /** The response member that carries the wait, in seconds; the HTTP layer turns it into {@code Retry-After}. */
    public static final String RETRY_AFTER = "retry_after";

    /** The policies per kind of key. */
    public record Policies(ThrottlePolicy accounts, ThrottlePolicy clients, ThrottlePolicy addresses) {
        /**
         * The defaults: far below NIST SP 800-63B's ceiling of 100 consecutive failures per account. An address
         * gets more room, since many phones share one behind carrier NAT.
         */
        public static final Policies DEFAULT = new Policies(
                new ThrottlePolicy(3, 10, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofMinutes(15)),
                new ThrottlePolicy(5, 20, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofMinutes(15)),
                new ThrottlePolicy(20, 50, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofMinutes(15)));

        public Policies {
            Objects.requireNonNull(accounts, "accounts");
            Objects.requireNonNull(clients, "clients");
            Objects.requireNonNull(addresses, "addresses");
        }

        ThrottlePolicy of(ThrottleKey.Kind kind) {
            return switch (kind) {
                case ACCOUNT -> accounts;
                case CLIENT -> clients;
                case ADDRESS -> addresses;
            };
        }

        Duration longestWindow() {
            Duration longest = accounts.window();
            longest = clients.window().compareTo(longest) > 0 ? clients.window() : longest;
            return addresses.window().compareTo(longest) > 0 ? addresses.window() : longest;
        }
    }

    private final ThrottleRepository counters;
    private final Policies policies;
    private final AuditTrail audit;
    private final Clock clock;

    public CredentialGuard(ThrottleRepository counters, Policies policies, AuditTrail audit, Clock clock) {
        this.counters = counters;
        this.policies = policies;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Lets a request from this address go on to a credential check, or refuses it.
     *
     * @throws DomainException {@code too_many_requests}, carrying {@link #RETRY_AFTER}
     */
    public void admit(Optional<String> address) {
        if (address.isEmpty()) {
            return;
        }
        Optional<Instant> until = blockedUntil(ThrottleKey.address(address.get()));
        if (until.isPresent()) {
            long seconds = Math.max(1, Duration.between(clock.instant(), until.get()).toSeconds() + 1);
            throw new DomainException(ErrorCode.TOO_MANY_REQUESTS,
                    "Too many failed attempts from this network; try again later.").with(Map.of(RETRY_AFTER, seconds));
        }
    }

    /** Whether an account or client may not be checked now; the caller answers as for a wrong credential. */
    public boolean blocked(ThrottleKey key) {
        return blockedUntil(key).isPresent();
    }

    private Optional<Instant> blockedUntil(ThrottleKey key) {
        Instant now = clock.instant();
        return counters.find(key.stored()).flatMap(state -> policies.of(key.kind()).blockedUntil(state, now));
    }

    /**
     * Counts a failed check against the account or client and against the address; audits a lock when one begins.
     *
     * @param user   the account, when the key is a known one
     * @param client the client, when the key is a client
     */
    public void failed(ThrottleKey key, Optional<UserId> user, Optional<ClientId> client, Optional<String> address) {
        count(key, user, client);
        failedFrom(address);
    }

    /** Counts a failure that concerns no account or client, such as an invalid authorization code. */
    public void failedFrom(Optional<String> address) {
        address.ifPresent(a -> count(ThrottleKey.address(a), Optional.empty(), Optional.empty()));
    }

    private void count(ThrottleKey key, Optional<UserId> user, Optional<ClientId> client) {
        ThrottlePolicy policy = policies.of(key.kind());
        Instant now = clock.instant();
        ThrottleState state = counters.recordFailure(key.stored(), now, now.minus(policy.window()));
        if (policy.locksAt(state.failures())) {
            audit.record(new CredentialsLocked(key.kind(), user, client), Actor.ANONYMOUS);
        }
    }

    /** A success clears the account's or client's count (never the address's: one good account proves nothing). */
    public void succeeded(ThrottleKey key) {
        if (counters.find(key.stored()).isPresent()) {
            counters.clear(key.stored());
        }
    }

    /** An administrator lifts a user's lock at once. */
    public boolean unlock(UserId user, Actor actor) {
        boolean cleared = counters.clear(ThrottleKey.user(user).stored());
        audit.record(new CredentialsUnlocked(user), actor);
        return cleared;
    }

    /** Forgets counters that no policy remembers any longer. */
    public void prune() {
        counters.deleteOlderThan(clock.instant().minus(policies.longestWindow()));
    }
}
