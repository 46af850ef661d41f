package dev.bulwark.core.testing;

import dev.bulwark.core.Transactions;
import java.util.function.Supplier;

/** Runs work directly: the in-memory doubles need no transaction, and their tests do not test rollback. */
public final class InlineTransactions implements Transactions {
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return work.get();
    }
}
