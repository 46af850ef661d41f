package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeptWhileUsedTest {
    private final AtomicInteger builds = new AtomicInteger();
    private final KeptWhileUsed<String> kept = new KeptWhileUsed<>(() -> "value " + builds.incrementAndGet());

    @Test
    void buildsOnFirstUseOnly() {
        assertThat(kept.isHeld()).isFalse();
        assertThat(builds).hasValue(0);

        assertThat(kept.get()).isEqualTo("value 1");
        assertThat(kept.get()).isEqualTo("value 1");
        assertThat(builds).hasValue(1);
        assertThat(kept.isHeld()).isTrue();
    }

    @Test
    void whenUsedBetweenSweepsThenItIsKept() {
        kept.get();
        kept.sweep();
        kept.get();
        kept.sweep();
        kept.get();
        kept.sweep();

        assertThat(kept.isHeld()).isTrue();
        assertThat(builds).hasValue(1);
    }

    @Test
    void whenASweepFindsItUnusedSinceTheLastThenItIsDroppedAndBuiltAgainOnNextUse() {
        kept.get();
        kept.sweep(); // used since the last sweep: kept
        assertThat(kept.isHeld()).isTrue();

        kept.sweep(); // unused for a whole interval: dropped
        assertThat(kept.isHeld()).isFalse();

        assertThat(kept.get()).isEqualTo("value 2");
        assertThat(kept.isHeld()).isTrue();
    }

    @Test
    void sweepingWhatWasNeverBuiltBuildsNothing() {
        kept.sweep();
        kept.sweep();

        assertThat(kept.isHeld()).isFalse();
        assertThat(builds).hasValue(0);
    }

    @Test
    void callersArrivingTogetherBuildItOnce() throws Exception {
        var slow = new KeptWhileUsed<>(() -> {
            builds.incrementAndGet();
            sleepBriefly();
            return new Object();
        });
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> got = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                got.add(pool.submit(() -> {
                    start.await();
                    return slow.get();
                }));
            }
            start.countDown();
            Object first = got.getFirst().get();
            for (Future<Object> each : got) {
                assertThat(each.get()).isSameAs(first);
            }
        }
        assertThat(builds).hasValue(1);
    }

    @Test
    void aBuilderThatReturnsNothingIsRefusedAndNothingIsHeld() {
        var broken = new KeptWhileUsed<Object>(() -> null);

        assertThatThrownBy(broken::get).isInstanceOf(NullPointerException.class);
        assertThat(broken.isHeld()).isFalse();
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
