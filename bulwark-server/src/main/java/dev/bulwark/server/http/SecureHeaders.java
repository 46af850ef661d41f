package dev.bulwark.server.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The headers every response carries (OWASP ASVS 5.0 V3.4). The JSON API gets the strictest content
 * security policy there is, since it never renders a page; HSTS is added when the request arrived over
 * TLS, directly or through a trusted proxy.
 */
public final class SecureHeaders {
    static final String HSTS = "max-age=31536000; includeSubDomains";
    private static final Map<String, String> ALWAYS = new LinkedHashMap<>();

    static {
        ALWAYS.put("X-Content-Type-Options", "nosniff");
        ALWAYS.put("Referrer-Policy", "no-referrer");
        ALWAYS.put("Cache-Control", "no-store");
        ALWAYS.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
                + "form-action 'none'");
        ALWAYS.put("X-Frame-Options", "DENY");
        ALWAYS.put("Cross-Origin-Opener-Policy", "same-origin");
        ALWAYS.put("Cross-Origin-Resource-Policy", "same-origin");
    }

    private SecureHeaders() {
    }

    static void apply(boolean secureTransport, BiConsumer<String, String> setHeader) {
        ALWAYS.forEach(setHeader);
        if (secureTransport) {
            setHeader.accept("Strict-Transport-Security", HSTS);
        }
    }
}
