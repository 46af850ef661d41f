package dev.bulwark.server.http;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code application/x-www-form-urlencoded} request body, as the protocol endpoints take them (RFC 6749
 * Appendix B): UTF-8, a parameter at most once (a repeated one is {@code invalid_request}), an empty value the
 * same as an absent one. Query parameters are not read: credentials must not travel in URLs.
 */
final class FormRequest {
    private static final int LONGEST_VALUE = 16_384;

    private final Map<String, String> parameters;

    private FormRequest(Map<String, String> parameters) {
        this.parameters = Map.copyOf(parameters);
    }

    /** No parameters: a GET, whose client authenticates with HTTP Basic. */
    static FormRequest none() {
        return new FormRequest(Map.of());
    }

    static FormRequest of(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw invalid("The body must be application/x-www-form-urlencoded.");
        }
        String body = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (!body.isEmpty()) {
            for (String pair : body.split("&")) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (name.isEmpty()) {
                    continue;
                }
                if (value.length() > LONGEST_VALUE) {
                    throw invalid("The parameter " + name + " is too long.");
                }
                if (parameters.put(name, value) != null) {
                    throw invalid("The parameter " + name + " appears more than once.");
                }
            }
        }
        parameters.values().removeIf(String::isEmpty);
        return new FormRequest(parameters);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("The body is not valid form encoding.");
        }
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    String require(String name) {
        return get(name).orElseThrow(() -> invalid("The parameter " + name + " is required."));
    }

    Map<String, String> all() {
        return parameters;
    }

    private static DomainException invalid(String message) {
        return new DomainException(ErrorCode.INVALID_REQUEST, message);
    }
}
