package dev.bulwark.core;

import java.util.function.Supplier;

/**
 * Port: runs work atomically against durable storage. Every repository call made inside {@code work} on
 * the same thread joins the transaction; a nested call joins the outer one. When {@code work} throws,
 * nothing it wrote is kept.
 */
public interface Transactions {

    <T> T inTransaction(Supplier<T> work);

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
