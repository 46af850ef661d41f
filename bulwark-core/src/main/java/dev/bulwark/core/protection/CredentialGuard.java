package dev.bulwark.core.protection;

import dev.bulwark.core.NowAndThen;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Brute-force protection for every credential check. A source address that failed too often is refused before
 * anything is looked at, with {@code too_many_requests} and the seconds to wait: it should back off. (Requests
 * whose address is unknown, such as those with a doubtful forwarding header, share one address.) An account that
 * failed too often is answered exactly as a wrong password would be (the caller still does the same work), so
 * that an unauthenticated caller learns neither that the account exists nor that it is locked.
 *
 * <p>A failure is counted when the check fails; a success clears the count. An account's count is of consecutive
 * failures (no window ends it), with locks that grow longer and a limit past which only an unlock helps; an
 * address's count is of failures within a window. So that a burst of parallel guesses
 * cannot all slip through between the read and the count, each node lets only a few checks of one account run at
 * once ({@link #PARALLEL_CHECKS_PER_ACCOUNT}): a burst gets at most that many more tries per node than a patient
 * attacker. (Counting every check as it begins would also block an honest user signing in on several devices at
 * once.) Checks refused while the account is blocked do not count against it (they do against the address), so
 * trying on does not lengthen a lock.
 */
public final class CredentialGuard {
    /** The response member that carries the wait, in seconds; the HTTP layer turns it into {@code Retry-After}. */
    public static final String RETRY_AFTER = "retry_after";
    private static final String UNKNOWN_ADDRESS = "unknown";
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(10);
    /** How many checks of one account may run at once on one node. */
    static final int PARALLEL_CHECKS_PER_ACCOUNT = 2;
    private static final int STRIPES = 1024;

    /** The policies per kind of key. */
    public record Policies(ThrottlePolicy.Consecutive accounts, ThrottlePolicy.Windowed addresses,
                           ThrottlePolicy.Windowed requests) {
        /**
         * The defaults: an account waits after 3 consecutive failures and locks every 10, each lock twice as long
         * (15 minutes, 30, an hour, …), and at NIST SP 800-63B's ceiling of 100 stays locked until unlocked. An
         * address gets more room, since many phones share one behind carrier NAT. Requests such as starting a
         * password reset slow down after 3 within 15 minutes and stop for 15 minutes after 10.
         */
        public static final Policies DEFAULT = new Policies(
                new ThrottlePolicy.Consecutive(3, 10, Duration.ofSeconds(30), Duration.ofMinutes(15), 100),
                new ThrottlePolicy.Windowed(20, 50, Duration.ofSeconds(30), Duration.ofMinutes(15),
                        Duration.ofMinutes(15)),
                new ThrottlePolicy.Windowed(3, 10, Duration.ofSeconds(30), Duration.ofMinutes(15),
                        Duration.ofMinutes(15)));

        public Policies {
            Objects.requireNonNull(accounts, "accounts");
            Objects.requireNonNull(addresses, "addresses");
            Objects.requireNonNull(requests, "requests");
        }

        ThrottlePolicy of(ThrottleKey.Kind kind) {
            return switch (kind) {
                case ACCOUNT -> accounts;
                case ADDRESS -> addresses;
                case REQUESTS -> requests;
            };
        }
    }

    private final ThrottleRepository counters;
    private final Policies policies;
    private final AuditTrail audit;
    private final Clock clock;
    private final NowAndThen prunes = new NowAndThen(PRUNE_INTERVAL);
    /** Checks in flight, per stripe of account keys. */
    private final Semaphore[] inFlight;

    public CredentialGuard(ThrottleRepository counters, Policies policies, AuditTrail audit, Clock clock) {
        this.counters = counters;
        this.policies = policies;
        this.audit = audit;
        this.clock = clock;
        this.inFlight = new Semaphore[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            inFlight[i] = new Semaphore(PARALLEL_CHECKS_PER_ACCOUNT, true);
        }
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
     * Starts a credential check: waits while too many checks of the same account run on this node, reads the
     * counts of the account (if one is named) and of the address at once, and refuses the address if it must back
     * off. Close the attempt when the check is done.
     *
     * @throws DomainException {@code too_many_requests}, carrying {@link #RETRY_AFTER}
     */
    public Attempt begin(Optional<ThrottleKey> key, Optional<String> address) {
        Optional<Semaphore> permit = key.map(k -> inFlight[Math.floorMod(k.stored().hashCode(), STRIPES)]);
        permit.ifPresent(Semaphore::acquireUninterruptibly);
        try {
            return started(key, address, permit);
        } catch (RuntimeException refused) {
            permit.ifPresent(Semaphore::release);
            throw refused;
        }
    }

    private Attempt started(Optional<ThrottleKey> key, Optional<String> address, Optional<Semaphore> permit) {
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
        Optional<ThrottleState> prior = key.map(k -> states.get(k.stored()));
        boolean blocked = key.flatMap(k -> prior.flatMap(state -> policies.of(k.kind()).blockedUntil(state, now)))
                .isPresent();
        return new Attempt(key, address, blocked, prior.isPresent(), permit);
    }

    /** One credential check under way; closing it lets the next check of the same account start. */
    public final class Attempt implements AutoCloseable {
        private final Optional<ThrottleKey> key;
        private final Optional<String> address;
        private final boolean blocked;
        private final boolean counted;
        private final Optional<Semaphore> permit;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Attempt(Optional<ThrottleKey> key, Optional<String> address, boolean blocked, boolean counted,
                        Optional<Semaphore> permit) {
            this.key = key;
            this.address = address;
            this.blocked = blocked;
            this.counted = counted;
            this.permit = permit;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                permit.ifPresent(Semaphore::release);
            }
        }

        /** Whether the account may not be checked now: answer as for a wrong credential. */
        public boolean blocked() {
            return blocked;
        }

        /** The check failed: counted against the account (unless it was blocked) and the address. */
        public void failed(Optional<UserId> user) {
            if (!blocked) {
                key.ifPresent(k -> count(k, user));
            }
            failedFrom(address);
        }

        /** The check succeeded: the account's count starts again (never the address's: one account proves little). */
        public void succeeded() {
            if (counted) {
                key.ifPresent(k -> counters.clear(k.stored()));
            }
        }
    }

    private void count(ThrottleKey key, Optional<UserId> user) {
        ThrottlePolicy policy = policies.of(key.kind());
        Instant now = clock.instant();
        ThrottleState state = counters.recordFailure(key.stored(), now, policy.windowStart(now),
                now.plus(policy.retention()));
        if (policy.locksAt(state.failures())) {
            audit.record(new CredentialsLocked(key.kind(), user), Actor.ANONYMOUS);
        }
    }

    /** Counts a failure that concerns no account, such as an invalid authorization code or client secret. */
    public void failedFrom(Optional<String> address) {
        ThrottleKey from = addressKey(address);
        Instant now = clock.instant();
        ThrottleState state = counters.recordFailure(from.stored(), now, policies.addresses().windowStart(now),
                now.plus(policies.addresses().retention()));
        if (policies.addresses().locksAt(state.failures())) {
            audit.record(new CredentialsLocked(ThrottleKey.Kind.ADDRESS, Optional.empty()), Actor.ANONYMOUS);
        }
        pruneNowAndThen(now);
    }

    /**
     * An administrator lifts a user's locks at once: their password's, their second factors', and their password
     * resets'.
     */
    public boolean unlock(UserId user, Actor actor) {
        boolean cleared = false;
        for (ThrottleKey key : List.of(ThrottleKey.user(user), ThrottleKey.secondFactor(user),
                ThrottleKey.passwordReset(user), ThrottleKey.passwordResetCode(user))) {
            cleared |= counters.clear(key.stored());
        }
        audit.record(new CredentialsUnlocked(user), actor);
        return cleared;
    }

    /**
     * A completed password reset proved control of the account's email address: the count against the (old)
     * password starts again, so that a user locked out by someone else's guessing gets back in. Their second
     * factors' count stays: a reset does not prove the factor.
     */
    public void passwordReplaced(UserId user) {
        counters.clear(ThrottleKey.user(user).stored());
    }

    /** Forgets, every few minutes, the counts that no policy remembers any longer. */
    private void pruneNowAndThen(Instant now) {
        prunes.run(now, () -> counters.deleteForgotten(now));
    }
}
