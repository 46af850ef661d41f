package dev.bulwark.core;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A value that costs memory to hold and little time to build again, held only while something uses it: built on
 * first use, and dropped by the first {@link #sweep()} that finds it unused since the sweep before. With sweeps a
 * minute apart, a value is dropped one to two minutes after its last use, and a steady user never waits for it.
 * For data such as password-strength dictionaries, which a server needs when someone sets a password and not
 * for the sign-ins and refreshes that make up most of its work.
 */
public final class KeptWhileUsed<T> {
    private final Supplier<? extends T> build;
    private final AtomicReference<T> value = new AtomicReference<>();
    private final AtomicBoolean usedSinceSweep = new AtomicBoolean();
    /**
     * Held while building, so that callers who arrive together build the value once; a lock rather than
     * {@code synchronized}, which on JDK 21 to 23 would pin a virtual thread's carrier for the whole build.
     */
    private final ReentrantLock building = new ReentrantLock();

    public KeptWhileUsed(Supplier<? extends T> build) {
        this.build = Objects.requireNonNull(build, "build");
    }

    /** The value, built now if it is not held. */
    public T get() {
        usedSinceSweep.set(true);
        T held = value.get();
        if (held != null) {
            return held;
        }
        building.lock();
        try {
            held = value.get();
            if (held == null) {
                held = Objects.requireNonNull(build.get(), "built value");
                value.set(held);
            }
            return held;
        } finally {
            building.unlock();
        }
    }

    /**
     * Drops the value when nothing has used it since the previous sweep. A caller that got the value just before
     * keeps its reference; the next caller builds it again.
     */
    public void sweep() {
        if (!usedSinceSweep.getAndSet(false)) {
            value.set(null);
        }
    }

    /** Whether the value is held now (for tests and metrics). */
    public boolean isHeld() {
        return value.get() != null;
    }
}
