package dev.bulwark.server.http;

import dev.bulwark.server.config.AddressRange;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Health, metrics and the API description. Liveness says the process answers; readiness says it can serve,
 * which needs the database and not being in the middle of shutting down.
 */
final class OperationsEndpoints {
    private final BooleanSupplier databaseUp;
    private final BooleanSupplier stopping;
    private final PrometheusMeterRegistry metrics;
    private final List<AddressRange> metricsClients;
    private final byte[] openApi;

    OperationsEndpoints(BooleanSupplier databaseUp, BooleanSupplier stopping, PrometheusMeterRegistry metrics,
                        List<AddressRange> metricsClients) {
        this.databaseUp = databaseUp;
        this.stopping = stopping;
        this.metrics = metrics;
        this.metricsClients = List.copyOf(metricsClients);
        this.openApi = resource("/openapi.json");
    }

    void register(RoutesConfig routes) {
        routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        routes.get("/health/ready", this::ready);
        routes.get("/metrics", this::metrics);
        routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    }

    private void ready(Context ctx) {
        boolean database = databaseUp.getAsBoolean();
        boolean serving = !stopping.getAsBoolean();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", database && serving ? "UP" : "DOWN");
        body.put("checks", Map.of("database", database ? "UP" : "DOWN", "server", serving ? "UP" : "STOPPING"));
        ctx.status(database && serving ? 200 : 503).json(body);
    }

    private void metrics(Context ctx) {
        if (!ClientAddresses.within(RequestObservation.client(ctx), metricsClients)) {
            ErrorResponses.send(ctx, Problem.ofStatus(403, "Forbidden",
                    "Metrics are only served to the addresses in server.metrics.allowedAddresses.",
                    RequestObservation.requestId(ctx)));
            return;
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    private static byte[] resource(String name) {
        try (InputStream in = OperationsEndpoints.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
