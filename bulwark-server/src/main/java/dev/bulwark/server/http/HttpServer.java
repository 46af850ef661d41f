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
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.component.Graceful;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulwark's HTTP server: Javalin on Jetty with virtual threads. It owns the transport concerns only (TLS,
 * limits, secure headers, request ids, metrics, access log, graceful stop); endpoints stay thin.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final int IDLE_TIMEOUT_MS = 30_000;
    private static final int ACCEPT_QUEUE = 4_096;
    /** The idle timeout while the connection limit is reached. */
    private static final int LIMITED_IDLE_TIMEOUT_MS = 2_000;

    private final Javalin app;
    private final Server jetty;
    private final AtomicBoolean stopping;
    private final BulwarkConfig config;

    private HttpServer(Javalin app, Server jetty, AtomicBoolean stopping, BulwarkConfig config) {
        this.app = app;
        this.jetty = jetty;
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
        AtomicReference<Server> jetty = new AtomicReference<>();
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
                jetty.set(server);
                // close() runs the graceful part itself, so that a grace period that runs out is a warning.
                server.setStopTimeout(0);
                server.insertHandler(new GracefulHandler());
                server.insertHandler(new SizeLimitHandler(maxBody, -1));
                int signIns = config.get(Settings.SERVER_LIMITS_SIGN_INS);
                server.insertHandler(new AdmissionControl(signIns > 0 ? signIns
                        : Math.max(2, Runtime.getRuntime().availableProcessors()),
                        config.get(Settings.SERVER_LIMITS_REQUESTS), config.get(Settings.SERVER_LIMITS_MAX_WAIT),
                        metrics));
                server.setErrorHandler(new JettyProblemHandler(json, clients));
                // Beyond this many connections Jetty stops accepting (they wait in the listen backlog) and idle
                // ones are closed sooner: a flood of idle connections holds neither memory nor threads.
                var connections = new NetworkConnectionLimit(config.get(Settings.SERVER_MAX_CONNECTIONS), server);
                connections.setEndPointIdleTimeout(LIMITED_IDLE_TIMEOUT_MS);
                server.addBean(connections);
            });
            javalin.jetty.addConnector((server, javalinHttp) -> {
                HttpConfiguration http = new HttpConfiguration(javalinHttp);
                http.setUriCompliance(UriCompliance.DEFAULT); // refuse ambiguous paths (%2F, %2e segments)
                http.setRequestHeaderSize(config.get(Settings.SERVER_MAX_HEADER_BYTES));
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                // No per-connection cache of header fields: it is a trie of some tens of KiB for every connection,
                // and with a thousand connections it alone filled the heap.
                http.setHeaderCacheSize(0);
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
                // A burst of connections waits in the listen backlog rather than having its SYNs dropped (the JDK's
                // default backlog is 50; the kernel caps this at net.core.somaxconn).
                connector.setAcceptQueueSize(ACCEPT_QUEUE);
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
            new SignInEndpoints(bulwark.protocol().authorization(), bulwark.protocol().hostedAccount(),
                    bulwark.protocol().issuer(), json).register(javalin.routes);
            var access = bulwark.protocol().apiAccess();
            String issuer = bulwark.protocol().issuer();
            new RecoveryEndpoints(bulwark.passwordReset()).register(javalin.routes);
            new AccountEndpoints(bulwark.accountService(), bulwark.secondFactors(), bulwark.deviceKeys(),
                    bulwark.passkeys(), access, issuer).register(javalin.routes);
            new AdminEndpoints(bulwark.accountService(), bulwark.accounts(), bulwark.guard(), access, issuer,
                    bulwark.apps()).register(javalin.routes);
        });
        app.start();
        return new HttpServer(app, jetty.get(), stopping, config);
    }

    public int port() {
        return app.port();
    }

    /** The URL clients use to reach this server. */
    public URI publicUrl() {
        return config.publicUrl();
    }

    /**
     * Stops accepting, lets requests in flight finish and idle connections close within the grace period
     * ({@code server.shutdownGrace}), then closes whatever is still open.
     */
    @Override
    public void close() {
        stopping.set(true);
        Duration grace = config.get(Settings.SERVER_SHUTDOWN_GRACE);
        try {
            Graceful.shutdown(jetty).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Requests or connections were still open after the shutdown grace period of {}; closing them",
                    grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("Graceful shutdown failed; closing connections", e.getCause());
        }
        app.stop();
    }
}
