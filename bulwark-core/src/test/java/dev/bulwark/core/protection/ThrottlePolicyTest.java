package dev.bulwark.core.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThrottlePolicyTest {
    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    private final ThrottlePolicy policy = new ThrottlePolicy(3, 10, Duration.ofSeconds(30), Duration.ofMinutes(15),
            Duration.ofMinutes(15));

    @Test
    void whenBelowTheDelayThresholdThenNothingIsBlocked() {
        assertThat(policy.blockedUntil(new ThrottleState(2, T), T)).isEmpty();
    }

    @Test
    void whenPastTheThresholdThenTheDelayDoublesUpToTheMaximum() {
        assertThat(policy.blockedUntil(new ThrottleState(3, T), T)).contains(T.plusSeconds(1));
        assertThat(policy.blockedUntil(new ThrottleState(4, T), T)).contains(T.plusSeconds(2));
        assertThat(policy.blockedUntil(new ThrottleState(6, T), T)).contains(T.plusSeconds(8));
        assertThat(policy.blockedUntil(new ThrottleState(9, T), T)).contains(T.plusSeconds(30));
    }

    @Test
    void whenLockedThenUntilTheLockEndsAndNotAfter() {
        assertThat(policy.blockedUntil(new ThrottleState(10, T), T.plusSeconds(60))).contains(T.plus(Duration.ofMinutes(15)));
        assertThat(policy.blockedUntil(new ThrottleState(10, T), T.plus(Duration.ofMinutes(15)))).isEmpty();
    }

    @Test
    void whenTheLatestFailureIsOutsideTheWindowThenItIsForgotten() {
        assertThat(policy.blockedUntil(new ThrottleState(50, T), T.plus(Duration.ofMinutes(16)))).isEmpty();
    }
}
