package dev.bulwark.server.http;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What happens around every request: a request id (in the response, the MDC and every log line), the client's
 * address, the secure headers, then a latency sample per route and status and one access-log line. The log
 * line names the route template, never the raw path or query, which may carry codes or tokens.
 */
final class RequestObservation {
    static final String REQUEST_ID = "bulwark.requestId";
    static final String CLIENT = "bulwark.client";
    private static final String STARTED = "bulwark.started";
    private static final String MDC_REQUEST_ID = "request_id";
    private static final Pattern FORWARDED_ID = Pattern.compile("[A-Za-z0-9._\\-]{8,64}");
    private static final Logger ACCESS = LoggerFactory.getLogger("bulwark.access");
    /** Other method names become OTHER: a client inventing names must not grow the metrics without bound. */
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final ClientAddresses clients;
    private final MeterRegistry metrics;
    private final SecureRandom random = new SecureRandom();

    RequestObservation(ClientAddresses clients, MeterRegistry metrics) {
        this.clients = clients;
        this.metrics = metrics;
    }

    void before(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
        String peer = ctx.req().getRemoteAddr();
        String forwardedId = clients.isTrustedProxy(peer) ? ctx.header("X-Request-Id") : null;
        String requestId = forwardedId != null && FORWARDED_ID.matcher(forwardedId).matches() ? forwardedId : newId();
        boolean secure = clients.secureTransport(ctx.req().isSecure(), peer, ctx.header("X-Forwarded-Proto"));
        ctx.attribute(REQUEST_ID, requestId);
        ctx.attribute(CLIENT, clients.clientAddress(peer, Collections.list(ctx.req().getHeaders("X-Forwarded-For"))));
        MDC.put(MDC_REQUEST_ID, requestId);
        ctx.header("X-Request-Id", requestId);
        SecureHeaders.apply(secure, ctx::header);
    }

    void after(Context ctx) {
        try {
            Long started = ctx.attribute(STARTED);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - (started == null ? System.nanoTime() : started));
            Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
            String route = endpoint == null ? "unmatched" : endpoint.path;
            int status = ctx.statusCode();
            String method = KNOWN_METHODS.contains(ctx.method().name()) ? ctx.method().name() : "OTHER";
            Timer.builder("http.server.requests")
                    .description("HTTP requests by route and status")
                    .tag("method", method)
                    .tag("route", route)
                    .tag("status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .register(metrics)
                    .record(elapsed);
            ACCESS.info("request", kv("method", method), kv("route", route), kv("status", status),
                    kv("duration_ms", elapsed.toNanos() / 1_000_000.0), kv("client", ctx.attribute(CLIENT)));
        } finally {
            MDC.remove(MDC_REQUEST_ID);
        }
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String requestId(Context ctx) {
        return ctx.attribute(REQUEST_ID);
    }

    /** The client's address, when it is known (see {@link ClientAddresses}). */
    static java.util.Optional<String> knownClient(Context ctx) {
        String client = client(ctx);
        return ClientAddresses.UNKNOWN.equals(client) ? java.util.Optional.empty() : java.util.Optional.ofNullable(client);
    }

    static String client(Context ctx) {
        return ctx.attribute(CLIENT);
    }
}
