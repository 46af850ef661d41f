package dev.bulwark.core.protection;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How failures are answered for one kind of key: after {@code delayAfter} failures each further attempt must wait,
 * twice as long each time (from one second up to {@code maxDelay}); after {@code lockAfter} the key is locked.
 * Accounts count {@link Consecutive consecutive} failures, which only a success ends; source addresses count
 * failures in a {@link Windowed window}, since many honest phones share one behind carrier NAT.
 */
public sealed interface ThrottlePolicy permits ThrottlePolicy.Consecutive, ThrottlePolicy.Windowed {
    Duration FIRST_DELAY = Duration.ofSeconds(1);
    /** A lock that no wait ends: only a success after an unlock (an administrator's, or a password reset's). */
    Instant UNTIL_UNLOCKED = Instant.parse("9999-12-31T23:59:59Z");

    /** Until when a key with this state is refused, if it is. */
    Optional<Instant> blockedUntil(ThrottleState state, Instant now);

    /** Whether the failure that brought the count to {@code failures} locked the key (it is audited). */
    boolean locksAt(int failures);

    /** Failures before this instant no longer count: the count starts again at the next one. */
    Instant windowStart(Instant now);

    /** How long a key's count is kept after its latest failure before it is forgotten to save space. */
    Duration retention();

    /**
     * Consecutive failures, for accounts (NIST SP 800-63B §5.2.2): the count grows until a success, however slowly
     * the guesses come. Every {@code lockAfter} failures the key locks, each lock twice as long as the one before
     * (from {@code lockDuration}, at most a day); between locks each attempt waits {@code maxDelay}. At
     * {@code mostFailures} (at most 100) the key stays locked until an administrator unlocks it or the user resets
     * their password. A count untouched for a year is forgotten.
     */
    record Consecutive(int delayAfter, int lockAfter, Duration maxDelay, Duration lockDuration, int mostFailures)
            implements ThrottlePolicy {
        /** NIST SP 800-63B §5.2.2: no more than 100 consecutive failed attempts on one account. */
        public static final int NIST_CEILING = 100;
        static final Duration LONGEST_LOCK = Duration.ofDays(1);
        static final Duration RETENTION = Duration.ofDays(365);

        public Consecutive {
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(lockDuration, "lockDuration");
            if (delayAfter < 1 || lockAfter < delayAfter || mostFailures < lockAfter || mostFailures > NIST_CEILING) {
                throw new IllegalArgumentException("need 1 <= delayAfter <= lockAfter <= mostFailures <= 100");
            }
        }

        @Override
        public Optional<Instant> blockedUntil(ThrottleState state, Instant now) {
            int failures = state.failures();
            Instant until;
            if (failures >= mostFailures) {
                return Optional.of(UNTIL_UNLOCKED);
            } else if (failures >= lockAfter && failures % lockAfter == 0) {
                until = state.lastFailureAt().plus(lock(failures / lockAfter));
            } else if (failures >= delayAfter) {
                until = state.lastFailureAt().plus(delay(failures - delayAfter, maxDelay));
            } else {
                return Optional.empty();
            }
            return until.isAfter(now) ? Optional.of(until) : Optional.empty();
        }

        /** The {@code level}th lock: the first lasts {@code lockDuration}, each next twice as long, up to a day. */
        private Duration lock(int level) {
            Duration lock = lockDuration.multipliedBy(1L << Math.min(level - 1, 20));
            Duration longest = lockDuration.compareTo(LONGEST_LOCK) > 0 ? lockDuration : LONGEST_LOCK;
            return lock.compareTo(longest) > 0 ? longest : lock;
        }

        @Override
        public boolean locksAt(int failures) {
            return failures >= lockAfter && failures % lockAfter == 0 || failures == mostFailures;
        }

        @Override
        public Instant windowStart(Instant now) {
            return Instant.EPOCH; // no failure is ever too old to count
        }

        @Override
        public Duration retention() {
            return RETENTION;
        }
    }

    /**
     * Failures within a window, for source addresses: failures older than {@code window} are forgotten, and after
     * {@code lockAfter} the address is refused for {@code lockDuration}.
     */
    record Windowed(int delayAfter, int lockAfter, Duration maxDelay, Duration lockDuration, Duration window)
            implements ThrottlePolicy {
        public Windowed {
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(lockDuration, "lockDuration");
            Objects.requireNonNull(window, "window");
            if (delayAfter < 1 || lockAfter < delayAfter) {
                throw new IllegalArgumentException("need 1 <= delayAfter <= lockAfter");
            }
        }

        @Override
        public Optional<Instant> blockedUntil(ThrottleState state, Instant now) {
            Instant until;
            if (state.failures() >= lockAfter) {
                until = state.lastFailureAt().plus(lockDuration); // even past the window: a lock lasts its duration
            } else if (state.lastFailureAt().plus(window).isBefore(now)) {
                return Optional.empty();
            } else if (state.failures() >= delayAfter) {
                until = state.lastFailureAt().plus(delay(state.failures() - delayAfter, maxDelay));
            } else {
                return Optional.empty();
            }
            return until.isAfter(now) ? Optional.of(until) : Optional.empty();
        }

        @Override
        public boolean locksAt(int failures) {
            return failures == lockAfter;
        }

        @Override
        public Instant windowStart(Instant now) {
            return now.minus(window);
        }

        @Override
        public Duration retention() {
            return window.compareTo(lockDuration) > 0 ? window : lockDuration;
        }
    }

    /** One second, doubled {@code doublings} times, at most {@code longest}. */
    private static Duration delay(int doublings, Duration longest) {
        Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(doublings, 20));
        return delay.compareTo(longest) > 0 ? longest : delay;
    }
}
