package dev.bulwark.store;

import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What differs between the two supported databases. */
public enum Dialect {
    SQLITE("classpath:db/migration/sqlite") {
        @Override
        boolean isUniqueViolation(SQLException e) {
            return e instanceof SQLiteException sqlite
                    && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
        }

        @Override
        void lockAuditChain(Handle handle) {
            // Write transactions begin IMMEDIATE on the single writer connection: already exclusive.
        }
    },
    POSTGRESQL("classpath:db/migration/postgresql") {
        @Override
        boolean isUniqueViolation(SQLException e) {
            return "23505".equals(e.getSQLState());
        }

        @Override
        void lockAuditChain(Handle handle) {
            // Serialises appends across every node on this database until the transaction ends.
            handle.execute("SELECT pg_advisory_xact_lock(?)", AUDIT_CHAIN_LOCK);
        }
    };

    /** An arbitrary constant that names the audit chain's advisory lock. */
    private static final long AUDIT_CHAIN_LOCK = 0x42_75_6c_77_61_72_6bL;

    private final String migrations;

    Dialect(String migrations) {
        this.migrations = migrations;
    }

    static Dialect of(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL; use jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB");
    }

    String migrations() {
        return migrations;
    }

    abstract boolean isUniqueViolation(SQLException e);

    /** Takes the lock that keeps the audit chain to one head while a record is appended. */
    abstract void lockAuditChain(Handle handle);
}
