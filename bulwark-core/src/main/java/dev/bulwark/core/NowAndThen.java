package dev.bulwark.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a chore at most once per interval, on the first call after the interval has passed (the first call of all
 * runs it). For sweeps of expired rows: run on every write, a sweep costs a statement on the hottest paths (every
 * sign-in) to delete what is nearly always nothing. Rows a sweep has not reached yet are harmless: whoever reads
 * them checks their expiry.
 */
public final class NowAndThen {
    private final Duration interval;
    /** When the chore last ran; empty until it first runs. */
    private final AtomicReference<Instant> last = new AtomicReference<>();

    public NowAndThen(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the interval must be positive");
        }
        this.interval = interval;
    }

    /** Runs {@code chore} when the interval has passed since it last ran here, and once only if calls race. */
    public void run(Instant now, Runnable chore) {
        Objects.requireNonNull(now);
        Instant previous = last.get();
        if ((previous == null || !previous.plus(interval).isAfter(now)) && last.compareAndSet(previous, now)) {
            chore.run();
        }
    }
}
