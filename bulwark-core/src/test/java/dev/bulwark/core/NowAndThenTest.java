package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NowAndThenTest {
    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void runsAtFirstThenOncePerInterval() {
        var chores = new NowAndThen(Duration.ofMinutes(1));
        AtomicInteger runs = new AtomicInteger();

        chores.run(START, runs::incrementAndGet);
        chores.run(START.plusSeconds(59), runs::incrementAndGet);
        assertThat(runs).hasValue(1);

        chores.run(START.plusSeconds(60), runs::incrementAndGet);
        chores.run(START.plusSeconds(119), runs::incrementAndGet);
        assertThat(runs).hasValue(2);

        chores.run(START.plusSeconds(120), runs::incrementAndGet);
        assertThat(runs).hasValue(3);
    }

    @Test
    void racingCallersRunTheChoreOnce() throws InterruptedException {
        var chores = new NowAndThen(Duration.ofMinutes(1));
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                pool.submit(() -> {
                    start.await();
                    chores.run(START, runs::incrementAndGet);
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void refusesAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> new NowAndThen(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
