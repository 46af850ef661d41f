package dev.bulwark.core.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThrottlePolicyTest {
    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    private final ThrottlePolicy.Windowed address = new ThrottlePolicy.Windowed(3, 10, Duration.ofSeconds(30),
            Duration.ofMinutes(15), Duration.ofMinutes(15));
    private final ThrottlePolicy.Consecutive account = new ThrottlePolicy.Consecutive(3, 10, Duration.ofSeconds(30),
            Duration.ofMinutes(15), 100);

    @Test
    void whenBelowTheDelayThresholdThenNothingIsBlocked() {
        assertThat(address.blockedUntil(new ThrottleState(2, T), T)).isEmpty();
        assertThat(account.blockedUntil(new ThrottleState(2, T), T)).isEmpty();
    }

    @Test
    void whenPastTheThresholdThenTheDelayDoublesUpToTheMaximum() {
        for (ThrottlePolicy policy : new ThrottlePolicy[] {address, account}) {
            assertThat(policy.blockedUntil(new ThrottleState(3, T), T)).contains(T.plusSeconds(1));
            assertThat(policy.blockedUntil(new ThrottleState(4, T), T)).contains(T.plusSeconds(2));
            assertThat(policy.blockedUntil(new ThrottleState(6, T), T)).contains(T.plusSeconds(8));
            assertThat(policy.blockedUntil(new ThrottleState(9, T), T)).contains(T.plusSeconds(30));
        }
    }

    @Test
    void whenAnAddressIsLockedThenUntilTheLockEndsAndNotAfter() {
        assertThat(address.blockedUntil(new ThrottleState(10, T), T.plusSeconds(60)))
                .contains(T.plus(Duration.ofMinutes(15)));
        assertThat(address.blockedUntil(new ThrottleState(10, T), T.plus(Duration.ofMinutes(15)))).isEmpty();
    }

    @Test
    void whenAnAddresssLatestFailureIsOutsideTheWindowThenItIsForgotten() {
        assertThat(address.blockedUntil(new ThrottleState(5, T), T.plus(Duration.ofMinutes(16)))).isEmpty();
        assertThat(address.windowStart(T)).isEqualTo(T.minus(Duration.ofMinutes(15)));
    }

    @Test
    void whenAnAccountKeepsFailingThenEveryTenthFailureLocksItTwiceAsLongAsTheLastUpToADay() {
        assertThat(account.blockedUntil(new ThrottleState(10, T), T)).contains(T.plus(Duration.ofMinutes(15)));
        assertThat(account.blockedUntil(new ThrottleState(11, T), T)).as("between locks, the longest delay")
                .contains(T.plusSeconds(30));
        assertThat(account.blockedUntil(new ThrottleState(20, T), T)).contains(T.plus(Duration.ofMinutes(30)));
        assertThat(account.blockedUntil(new ThrottleState(30, T), T)).contains(T.plus(Duration.ofHours(1)));
        assertThat(account.blockedUntil(new ThrottleState(70, T), T)).contains(T.plus(Duration.ofHours(16)));
        assertThat(account.blockedUntil(new ThrottleState(90, T), T)).contains(T.plus(Duration.ofDays(1)));
        assertThat(account.locksAt(20)).isTrue();
        assertThat(account.locksAt(21)).isFalse();
    }

    @Test
    void whenAnAccountReachesTheMostFailuresThenItStaysLockedWhateverTheTime() {
        assertThat(account.blockedUntil(new ThrottleState(100, T), T.plus(Duration.ofDays(3650))))
                .contains(ThrottlePolicy.UNTIL_UNLOCKED);
        assertThat(account.locksAt(100)).isTrue();
    }

    @Test
    void whenAnAccountsFailuresAreOldThenTheyStillCount() {
        assertThat(account.windowStart(T)).isEqualTo(Instant.EPOCH);
        assertThat(account.blockedUntil(new ThrottleState(30, T), T.plus(Duration.ofMinutes(59))))
                .contains(T.plus(Duration.ofHours(1)));
    }

    @Test
    void whenIPv6AddressesShareASlash64ThenTheyAreOneNetwork() {
        assertThat(SourceNetwork.of("2001:db8:1:2::1")).isEqualTo(SourceNetwork.of("2001:db8:1:2:ffff:1:2:3"))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(SourceNetwork.of("2001:db8:1:3::1")).isNotEqualTo(SourceNetwork.of("2001:db8:1:2::1"));
        assertThat(SourceNetwork.of("[2001:db8:1:2::9]")).isEqualTo("2001:db8:1:2::/64");
        assertThat(SourceNetwork.of("fe80::1%eth0")).isEqualTo("fe80:0:0:0::/64");
        assertThat(SourceNetwork.of("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(SourceNetwork.of("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(SourceNetwork.of("unknown")).isEqualTo("unknown");
        assertThat(SourceNetwork.of("not:an:address:zz")).isEqualTo("not:an:address:zz");
        assertThat(ThrottleKey.address("2001:db8::1")).isEqualTo(ThrottleKey.address("2001:db8::2"));
    }
}
