package dev.bulwark.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.server.Bulwark;
import dev.bulwark.server.config.BulwarkConfig;
import dev.bulwark.server.config.Settings;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;

/**
 * Bulwark's HTTP server: Javalin on Jetty with virtual threads. It owns the transport concerns only (TLS,
 * limits, secure headers, request ids, metrics, access log, graceful stop); endpoints stay thin.
 */
public final class HttpServer implements AutoCloseable {
    private static final int IDLE_TIMEOUT_MS = 30_000;

    private final Javalin app;
    private final AtomicBoolean stopping;
    private final BulwarkConfig config;

    private HttpServer(Javalin app, AtomicBoolean stopping, BulwarkConfig config) {
        this.app = app;
        this.stopping = stopping;
        this.config = config;
    }

    /**
     * Starts listening.
     *
     * @param databaseUp whether the database answers, for readiness
     */
    public static HttpServer start(BulwarkConfig config, Bulwark bulwark, BooleanSupplier databaseUp) {
        PrometheusMeterRegistry metrics = bulwark.metrics();
        ObjectMapper json = new ObjectMapper();
        AtomicBoolean stopping = new AtomicBoolean();
        boolean tls = config.tlsEnabled();
        var clients = new ClientAddresses(config.get(Settings.SERVER_PROXY_TRUSTED_ADDRESSES));
        var observation = new RequestObservation(clients, metrics);
        var operations = new OperationsEndpoints(databaseUp, stopping::get, metrics,
                config.get(Settings.SERVER_METRICS_ALLOWED_ADDRESSES));
        int maxBody = config.get(Settings.SERVER_MAX_BODY_BYTES);

        Javalin app = Javalin.create(javalin -> {
            javalin.concurrency.useVirtualThreads = true;
            javalin.startup.showJavalinBanner = false;
            javalin.startup.showOldJavalinVersionWarning = false;
            javalin.startup.startupWatcherEnabled = false;
            javalin.jsonMapper(new JavalinJackson(json, true));
            javalin.http.maxRequestSize = maxBody;
            javalin.http.prefer405over404 = true;
            // No compression: compressed responses that mix secrets with reflected input leak them (BREACH).
            javalin.http.compressionStrategy = CompressionStrategy.NONE;

            javalin.jetty.modifyServer(server -> {
                server.setStopTimeout(config.get(Settings.SERVER_SHUTDOWN_GRACE).toMillis());
                server.insertHandler(new GracefulHandler());
                server.insertHandler(new SizeLimitHandler(maxBody, -1));
                server.setErrorHandler(new JettyProblemHandler(json, clients));
            });
            javalin.jetty.addConnector((server, javalinHttp) -> {
                HttpConfiguration http = new HttpConfiguration(javalinHttp);
                http.setUriCompliance(UriCompliance.DEFAULT); // refuse ambiguous paths (%2F, %2e segments)
                http.setRequestHeaderSize(config.get(Settings.SERVER_MAX_HEADER_BYTES));
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                ServerConnector connector;
                if (tls) {
                    http.addCustomizer(new SecureRequestCustomizer());
                    var ssl = TlsContexts.fromPem(config.get(Settings.SERVER_TLS_CERTIFICATE).orElseThrow(),
                            config.get(Settings.SERVER_TLS_PRIVATE_KEY).orElseThrow(), config.production());
                    connector = new ServerConnector(server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                            new HttpConnectionFactory(http));
                } else {
                    connector = new ServerConnector(server, new HttpConnectionFactory(http));
                }
                connector.setHost(config.get(Settings.SERVER_HOST));
                connector.setPort(config.get(Settings.SERVER_PORT));
                connector.setIdleTimeout(IDLE_TIMEOUT_MS);
                return connector;
            });
            javalin.events.serverStopping(() -> stopping.set(true));

            javalin.routes.before(observation::before);
            javalin.routes.after(observation::after);
            ErrorResponses.register(javalin.routes);
            operations.register(javalin.routes);
            new OAuthEndpoints(bulwark.keyRing(), bulwark.protocol()).register(javalin.routes);
            new SignInEndpoints(bulwark.protocol().authorization(), bulwark.protocol().issuer()).register(javalin.routes);
            var introspection = bulwark.protocol().introspection();
            new AccountEndpoints(bulwark.accountService(), introspection).register(javalin.routes);
            new AdminEndpoints(bulwark.accountService(), bulwark.accounts(), bulwark.guard(), introspection,
                    bulwark.apps()).register(javalin.routes);
        });
        app.start();
        return new HttpServer(app, stopping, config);
    }

    public int port() {
        return app.port();
    }

    /** The URL clients use to reach this server. */
    public URI publicUrl() {
        return config.publicUrl();
    }

    /** Stops accepting, lets requests in flight finish within the grace period, then closes. */
    @Override
    public void close() {
        stopping.set(true);
        app.stop();
    }
}
