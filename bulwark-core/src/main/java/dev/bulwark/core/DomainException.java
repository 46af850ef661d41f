package dev.bulwark.core;

import java.util.List;
import java.util.Objects;

/**
 * The one exception that core services throw for expected security outcomes and refused input. It carries
 * an {@link ErrorCode}, a detail safe to show to the caller, and the individual violations when there are
 * several. Messages never contain secrets, and never say whether an account exists when that would help
 * an attacker.
 */
public final class DomainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient List<Violation> violations;

    public DomainException(ErrorCode code, String detail) {
        this(code, detail, List.of(), null);
    }

    public DomainException(ErrorCode code, String detail, List<Violation> violations) {
        this(code, detail, violations, null);
    }

    public DomainException(ErrorCode code, String detail, Throwable cause) {
        this(code, detail, List.of(), cause);
    }

    private DomainException(ErrorCode code, String detail, List<Violation> violations, Throwable cause) {
        super(Objects.requireNonNull(detail, "detail"), cause, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.violations = List.copyOf(violations);
    }

    /** Shorthand for refused input on one field. */
    public static DomainException invalid(String field, String code, String message) {
        return new DomainException(ErrorCode.INVALID_REQUEST, message, List.of(new Violation(field, code, message)));
    }

    public ErrorCode code() {
        return code;
    }

    /** The detail, safe to show to the caller. */
    public String detail() {
        return getMessage();
    }

    public List<Violation> violations() {
        return violations;
    }
}
