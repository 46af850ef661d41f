package dev.bulwark.store;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.Transactions;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Transactions over JDBI with the handle bound to the current thread, so that repositories called inside
 * {@link #inTransaction} share it. Writes go through the writer (for SQLite a single connection), reads outside
 * a transaction through the readers. A lost or busy database becomes {@link ErrorCode#UNAVAILABLE}: the caller
 * fails closed and learns nothing about the database.
 *
 * <p>SQLite's one writer connection gets one thread of its own, which runs every write transaction while its callers
 * wait, and commits those that queued up together ({@link GroupCommit}). The driver is native code: a virtual thread
 * that commits through it holds its carrier (one of as few as there are cores) while the disk syncs, and no other
 * request can use that core meanwhile; a caller that waits for the writer thread releases its carrier instead.
 */
final class JdbiTransactions implements Transactions, AutoCloseable {
    private final Jdbi writer;
    private final Jdbi readers;
    private final ThreadLocal<Handle> current = new ThreadLocal<>();
    private final Optional<GroupCommit> groupCommit;

    private JdbiTransactions(Jdbi writer, Jdbi readers, boolean singleWriter) {
        this.writer = writer;
        this.readers = readers;
        this.groupCommit = singleWriter
                ? Optional.of(new GroupCommit(writer, current, JdbiTransactions::translateAny)) : Optional.empty();
    }

    /** Transactions for a database that serves many writers at once (PostgreSQL), on the callers' threads. */
    static JdbiTransactions pooled(Jdbi writer, Jdbi readers) {
        return new JdbiTransactions(writer, readers, false);
    }

    /** Transactions for a database with a single writer connection (SQLite): writes on a thread of their own. */
    static JdbiTransactions singleWriter(Jdbi writer, Jdbi readers) {
        return new JdbiTransactions(writer, readers, true);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        if (groupCommit.isEmpty()) {
            return transaction(work);
        }
        Future<T> queued;
        try {
            queued = groupCommit.get().submit(work);
        } catch (java.util.concurrent.RejectedExecutionException busy) {
            throw new DomainException(ErrorCode.UNAVAILABLE, "The database is busy; nothing was changed.");
        }
        return outcome(queued);
    }

    /**
     * Waits for a transaction on the writer thread and returns what it returned, or throws what it threw. An
     * interrupt does not stop the wait: the caller must learn whether the transaction committed.
     */
    private static <T> T outcome(Future<T> transaction) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return transaction.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException failure) {
                        throw failure;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <T> T transaction(Supplier<T> work) {
        try {
            return writer.inTransaction(handle -> {
                current.set(handle);
                try {
                    return work.get();
                } finally {
                    current.remove();
                }
            });
        } catch (JdbiException e) {
            throw translate(e);
        }
    }

    /** Runs a read on the current transaction's handle, or else on a reader. */
    <T> T read(HandleCallback<T, RuntimeException> callback) {
        Handle handle = current.get();
        if (handle != null) {
            return callback.withHandle(handle);
        }
        try {
            return readers.withHandle(callback);
        } catch (JdbiException e) {
            throw translate(e);
        }
    }

    /** Runs a write in the current transaction, or else in a transaction of its own. */
    <T> T write(HandleCallback<T, RuntimeException> callback) {
        Handle handle = current.get();
        if (handle != null) {
            return callback.withHandle(handle);
        }
        return inTransaction(() -> callback.withHandle(current.get()));
    }

    /** Lets the transactions already handed to the writer thread commit, then stops it. */
    @Override
    public void close() {
        groupCommit.ifPresent(GroupCommit::close);
    }

    private static RuntimeException translateAny(RuntimeException e) {
        return e instanceof JdbiException jdbi ? translate(jdbi) : e;
    }

    static RuntimeException translate(JdbiException e) {
        if (unavailable(e)) {
            return new DomainException(ErrorCode.UNAVAILABLE, "The database is unavailable; nothing was changed.", e);
        }
        return e;
    }

    private static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException || t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (unavailableState(sql.getSQLState()) || isSqliteBusy(sql))) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE classes that mean "the database cannot serve now" rather than "this statement is wrong": 08
     * connection exception, 53 insufficient resources (such as too many connections), 57P operator
     * intervention (the server is shutting down or restarting).
     */
    private static boolean unavailableState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P"));
    }

    private static boolean isSqliteBusy(SQLException e) {
        return e instanceof org.sqlite.SQLiteException sqlite
                && sqlite.getResultCode().name().startsWith("SQLITE_BUSY");
    }
}
