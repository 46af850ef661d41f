package dev.bulwark.store;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.Transactions;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
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
 */
final class JdbiTransactions implements Transactions {
    private final Jdbi writer;
    private final Jdbi readers;
    private final ThreadLocal<Handle> current = new ThreadLocal<>();

    JdbiTransactions(Jdbi writer, Jdbi readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
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
