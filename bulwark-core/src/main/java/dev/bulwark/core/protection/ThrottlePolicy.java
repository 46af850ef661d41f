package dev.bulwark.core.protection;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How failures are answered for one kind of key: after {@code delayAfter} failures each further attempt must wait,
 * twice as long each time (from one second up to {@code maxDelay}); after {@code lockAfter} the key is locked for
 * {@code lockDuration}. Failures older than {@code window} are forgotten.
 */
public record ThrottlePolicy(int delayAfter, int lockAfter, Duration maxDelay, Duration lockDuration, Duration window) {
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);

    public ThrottlePolicy {
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(lockDuration, "lockDuration");
        Objects.requireNonNull(window, "window");
        if (delayAfter < 1 || lockAfter < delayAfter) {
            throw new IllegalArgumentException("need 1 <= delayAfter <= lockAfter");
        }
    }

    /** Until when a key with this state is refused, if it is. */
    public Optional<Instant> blockedUntil(ThrottleState state, Instant now) {
        Instant until;
        if (state.failures() >= lockAfter) {
            until = state.lastFailureAt().plus(lockDuration); // even past the window: a lock lasts its duration
        } else if (state.lastFailureAt().plus(window).isBefore(now)) {
            return Optional.empty();
        } else if (state.failures() >= delayAfter) {
            int doublings = Math.min(state.failures() - delayAfter, 20);
            Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
            until = state.lastFailureAt().plus(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
        } else {
            return Optional.empty();
        }
        return until.isAfter(now) ? Optional.of(until) : Optional.empty();
    }

    /** Whether this count locks (again, if a lock has run out within the window). */
    public boolean locksAt(int failures) {
        return failures >= lockAfter;
    }
}
