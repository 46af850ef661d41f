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
import java.util.ArrayList;
import java.util.List;
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
        Instant now = clock.instant();
        counters.find(ThrottleKey.address(address.get()).stored())
                .flatMap(state -> policies.addresses().blockedUntil(state, now))
                .ifPresent(until -> {
                    throw backOff(until, now);
                });
    }

    private static DomainException backOff(Instant until, Instant now) {
        long seconds = Math.max(1, Duration.between(now, until).toSeconds() + 1);
        return new DomainException(ErrorCode.TOO_MANY_REQUESTS,
                "Too many failed attempts from this network; try again later.").with(Map.of(RETRY_AFTER, seconds));
    }

    /**
     * Starts a credential check: reads the counts of the account or client and of the address at once, and
     * refuses the address if it must back off.
     *
     * @param key the account or client checked, when one is named
     * @throws DomainException {@code too_many_requests}, carrying {@link #RETRY_AFTER}
     */
    public Attempt begin(Optional<ThrottleKey> key, Optional<String> address) {
        Optional<ThrottleKey> from = address.map(ThrottleKey::address);
        List<String> keys = new ArrayList<>(2);
        key.ifPresent(k -> keys.add(k.stored()));
        from.ifPresent(k -> keys.add(k.stored()));
        Map<String, ThrottleState> states = keys.isEmpty() ? Map.of() : counters.findAll(keys);
        Instant now = clock.instant();
        from.flatMap(k -> Optional.ofNullable(states.get(k.stored()))
                .flatMap(state -> policies.addresses().blockedUntil(state, now)))
                .ifPresent(until -> {
                    throw backOff(until, now);
                });
        Optional<ThrottleState> counted = key.map(k -> states.get(k.stored()));
        boolean blocked = key.flatMap(k -> counted.flatMap(state -> policies.of(k.kind()).blockedUntil(state, now)))
                .isPresent();
        return new Attempt(key, address, blocked, counted.isPresent());
    }

    /** One credential check under way. */
    public final class Attempt {
        private final Optional<ThrottleKey> key;
        private final Optional<String> address;
        private final boolean blocked;
        private final boolean counted;

        private Attempt(Optional<ThrottleKey> key, Optional<String> address, boolean blocked, boolean counted) {
            this.key = key;
            this.address = address;
            this.blocked = blocked;
            this.counted = counted;
        }

        /** Whether the account or client may not be checked now: answer as for a wrong credential. */
        public boolean blocked() {
            return blocked;
        }

        /** The check failed: counted against the account or client and the address, unless it was blocked. */
        public void failed(Optional<UserId> user, Optional<ClientId> client) {
            if (blocked) {
                return;
            }
            key.ifPresent(k -> count(k, user, client));
            failedFrom(address);
        }

        /** The check succeeded: the account's or client's count starts again. */
        public void succeeded() {
            if (counted) {
                key.ifPresent(k -> counters.clear(k.stored()));
            }
        }
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
