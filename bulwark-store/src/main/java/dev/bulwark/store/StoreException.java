package dev.bulwark.store;

/**
 * The database cannot be opened or migrated at start-up: a configuration or environment problem, reported
 * in one line without credentials.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
