package dev.bulwark.core.protection;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvents.CredentialsLocked;
import dev.bulwark.core.audit.AuditEvents.CredentialsUnlocked;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.identity.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Brute-force protection for every credential check. A source address that failed too often is refused before
 * anything is looked at, with {@code too_many_requests} and the seconds to wait: it should back off. (Requests
 * whose address is unknown, such as those with a doubtful forwarding header, share one address.) An account that
 * failed too often is answered exactly as a wrong password would be (the caller still does the same work), so
 * that an unauthenticated caller learns neither that the account exists nor that it is locked.
 *
 * <p>Each check of an account is counted when it begins, atomically, so that a burst of parallel guesses cannot
 * slip through between the read and the count; a success clears the count. Checks refused while the account is
 * blocked do not count against it (they do against the address), so trying on does not lengthen a lock.
 */
public final class CredentialGuard {
    /** The response member that carries the wait, in seconds; the HTTP layer turns it into {@code Retry-After}. */
    public static final String RETRY_AFTER = "retry_after";
    private static final String UNKNOWN_ADDRESS = "unknown";
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(10);

    /** The policies per kind of key. */
    public record Policies(ThrottlePolicy accounts, ThrottlePolicy addresses) {
        /**
         * The defaults: far below NIST SP 800-63B's ceiling of 100 consecutive failures per account. An address
         * gets more room, since many phones share one behind carrier NAT.
         */
        public static final Policies DEFAULT = new Policies(
                new ThrottlePolicy(3, 10, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofMinutes(15)),
                new ThrottlePolicy(20, 50, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofMinutes(15)));

        public Policies {
            Objects.requireNonNull(accounts, "accounts");
            Objects.requireNonNull(addresses, "addresses");
        }

        ThrottlePolicy of(ThrottleKey.Kind kind) {
            return kind == ThrottleKey.Kind.ACCOUNT ? accounts : addresses;
        }

        Duration longestWindow() {
            Duration longest = accounts.window().compareTo(addresses.window()) > 0 ? accounts.window()
                    : addresses.window();
            Duration lock = accounts.lockDuration().compareTo(addresses.lockDuration()) > 0 ? accounts.lockDuration()
                    : addresses.lockDuration();
            return longest.compareTo(lock) > 0 ? longest : lock;
        }
    }

    private final ThrottleRepository counters;
    private final Policies policies;
    private final AuditTrail audit;
    private final Clock clock;
    private final AtomicReference<Instant> lastPruned;

    public CredentialGuard(ThrottleRepository counters, Policies policies, AuditTrail audit, Clock clock) {
        this.counters = counters;
        this.policies = policies;
        this.audit = audit;
        this.clock = clock;
        this.lastPruned = new AtomicReference<>(clock.instant());
    }

    /**
     * Lets a request from this address go on to a credential check, or refuses it.
     *
     * @throws DomainException {@code too_many_requests}, carrying {@link #RETRY_AFTER}
     */
    public void admit(Optional<String> address) {
        Instant now = clock.instant();
        counters.find(addressKey(address).stored())
                .flatMap(state -> policies.addresses().blockedUntil(state, now))
                .ifPresent(until -> {
                    throw backOff(until, now);
                });
    }

    private static ThrottleKey addressKey(Optional<String> address) {
        return ThrottleKey.address(address.orElse(UNKNOWN_ADDRESS));
    }

    private static DomainException backOff(Instant until, Instant now) {
        long seconds = Math.max(1, Duration.between(now, until).toSeconds() + 1);
        return new DomainException(ErrorCode.TOO_MANY_REQUESTS,
                "Too many failed attempts from this network; try again later.").with(Map.of(RETRY_AFTER, seconds));
    }

    /**
     * Starts a credential check: reads the counts of the account (if one is named) and of the address at once,
     * refuses the address if it must back off, and counts the attempt against the account.
     *
     * @throws DomainException {@code too_many_requests}, carrying {@link #RETRY_AFTER}
     */
    public Attempt begin(Optional<ThrottleKey> key, Optional<String> address) {
        ThrottleKey from = addressKey(address);
        List<String> keys = new ArrayList<>(2);
        key.ifPresent(k -> keys.add(k.stored()));
        keys.add(from.stored());
        Map<String, ThrottleState> states = counters.findAll(keys);
        Instant now = clock.instant();
        Optional.ofNullable(states.get(from.stored())).flatMap(state -> policies.addresses().blockedUntil(state, now))
                .ifPresent(until -> {
                    throw backOff(until, now);
                });
        if (key.isEmpty()) {
            return new Attempt(key, address, false, Optional.empty());
        }
        ThrottlePolicy policy = policies.of(key.get().kind());
        Optional<ThrottleState> prior = Optional.ofNullable(states.get(key.get().stored()));
        if (prior.flatMap(state -> policy.blockedUntil(state, now)).isPresent()) {
            return new Attempt(key, address, true, Optional.empty());
        }
        ThrottleState counted = counters.recordFailure(key.get().stored(), now, now.minus(policy.window()));
        // Parallel attempts were counted meanwhile, taking this one past the lock threshold: blocked like a later one.
        boolean overtaken = counted.failures() > policy.lockAfter()
                && counted.failures() - 1 > prior.map(ThrottleState::failures).orElse(0);
        return new Attempt(key, address, overtaken, Optional.of(counted));
    }

    /** One credential check under way. */
    public final class Attempt {
        private final Optional<ThrottleKey> key;
        private final Optional<String> address;
        private final boolean blocked;
        private final Optional<ThrottleState> counted;

        private Attempt(Optional<ThrottleKey> key, Optional<String> address, boolean blocked,
                        Optional<ThrottleState> counted) {
            this.key = key;
            this.address = address;
            this.blocked = blocked;
            this.counted = counted;
        }

        /** Whether the account may not be checked now: answer as for a wrong credential. */
        public boolean blocked() {
            return blocked;
        }

        /** The check failed (it was counted when it began); audits a lock when this failure starts one. */
        public void failed(Optional<UserId> user) {
            failedFrom(address);
            if (!blocked && key.isPresent() && counted.isPresent()
                    && policies.of(key.get().kind()).locksAt(counted.get().failures())) {
                audit.record(new CredentialsLocked(key.get().kind(), user), Actor.ANONYMOUS);
            }
        }

        /** The check succeeded: the account's count starts again (never the address's: one account proves little). */
        public void succeeded() {
            key.ifPresent(k -> counters.clear(k.stored()));
        }
    }

    /** Counts a failure that concerns no account, such as an invalid authorization code or client secret. */
    public void failedFrom(Optional<String> address) {
        ThrottleKey from = addressKey(address);
        Instant now = clock.instant();
        ThrottleState state = counters.recordFailure(from.stored(), now, now.minus(policies.addresses().window()));
        if (state.failures() == policies.addresses().lockAfter()) {
            audit.record(new CredentialsLocked(ThrottleKey.Kind.ADDRESS, Optional.empty()), Actor.ANONYMOUS);
        }
        pruneNowAndThen(now);
    }

    /** An administrator lifts a user's lock at once. */
    public boolean unlock(UserId user, Actor actor) {
        boolean cleared = counters.clear(ThrottleKey.user(user).stored());
        audit.record(new CredentialsUnlocked(user), actor);
        return cleared;
    }

    /** Forgets, every few minutes, the counts that no policy remembers any longer. */
    private void pruneNowAndThen(Instant now) {
        Instant last = lastPruned.get();
        if (last.plus(PRUNE_INTERVAL).isBefore(now) && lastPruned.compareAndSet(last, now)) {
            counters.deleteOlderThan(now.minus(policies.longestWindow()));
        }
    }
}
