package dev.bulwark.server.config;

/** A configuration value that does not parse or is out of bounds; the message says what is wrong with it. */
final class InvalidValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidValue(String problem) {
        super(problem, null, false, false);
    }
}
