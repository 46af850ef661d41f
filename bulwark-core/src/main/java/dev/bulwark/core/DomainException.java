package dev.bulwark.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final transient Map<String, Object> extensions;

    public DomainException(ErrorCode code, String detail) {
        this(code, detail, List.of(), Map.of(), null);
    }

    public DomainException(ErrorCode code, String detail, List<Violation> violations) {
        this(code, detail, violations, Map.of(), null);
    }

    public DomainException(ErrorCode code, String detail, Throwable cause) {
        this(code, detail, List.of(), Map.of(), cause);
    }

    private DomainException(ErrorCode code, String detail, List<Violation> violations, Map<String, Object> extensions,
                            Throwable cause) {
        super(Objects.requireNonNull(detail, "detail"), cause, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.violations = List.copyOf(violations);
        this.extensions = Map.copyOf(extensions);
    }

    /**
     * The same refusal with further members for the error response, such as the first-party apps draft's
     * {@code auth_session}. Values must be safe to show the caller.
     */
    public DomainException with(Map<String, Object> members) {
        Map<String, Object> merged = new LinkedHashMap<>(extensions);
        merged.putAll(members);
        return new DomainException(code, getMessage(), violations, merged, getCause());
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

    /** Further members of the error response; empty for most refusals. */
    public Map<String, Object> extensions() {
        return extensions;
    }
}
