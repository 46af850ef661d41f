package dev.bulwark.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bulwark.core.Violation;
import java.util.List;

/**
 * An RFC 9457 problem details object, the one error body of Bulwark's non-OAuth endpoints. {@code type} is
 * {@code about:blank} when the HTTP status says it all, else a {@code urn:bulwark:problem:} URN naming the
 * error code. Details never hold secrets or say whether an account exists.
 *
 * @param requestId  the request's id, to find it in the logs (an extension member)
 * @param violations the broken rules, when the input broke several (an extension member)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail,
                      @JsonProperty("request_id") String requestId, List<Violation> violations) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    /** A problem fully described by its status, such as 404 or 413. */
    public static Problem ofStatus(int status, String title, String detail, String requestId) {
        return new Problem("about:blank", title, status, detail, requestId, List.of());
    }

    /** A problem with a Bulwark error code. */
    public static Problem ofCode(String code, String title, int status, String detail, String requestId,
                                 List<Violation> violations) {
        return new Problem("urn:bulwark:problem:" + code, title, status, detail, requestId, violations);
    }
}
