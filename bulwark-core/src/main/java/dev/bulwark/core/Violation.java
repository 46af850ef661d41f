package dev.bulwark.core;

import java.util.Objects;

/**
 * One broken rule: which field, a stable machine-readable code, and a message fit to show the user.
 * A violation never repeats the offending value, which may be a secret.
 */
public record Violation(String field, String code, String message) {
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
