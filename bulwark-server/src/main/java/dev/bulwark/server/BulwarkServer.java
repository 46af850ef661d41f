package dev.bulwark.server;

import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvents.ConfigurationLoaded;
import dev.bulwark.core.audit.AuditEvents.SettingName;
import dev.bulwark.core.identity.Username;
import dev.bulwark.server.config.BulwarkConfig;
import dev.bulwark.server.config.Setting;
import dev.bulwark.server.config.Settings;
import dev.bulwark.server.http.HttpServer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Bulwark: the assembled system behind its HTTP server. Starting records the configuration in the
 * audit trail, creates the bootstrap administrator when there is none, and tells the operator where to go.
 */
public final class BulwarkServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BulwarkServer.class);
    private static final Duration READINESS_TIMEOUT = Duration.ofSeconds(1);

    private final Bulwark bulwark;
    private final HttpServer http;

    private BulwarkServer(Bulwark bulwark, HttpServer http) {
        this.bulwark = bulwark;
        this.http = http;
    }

    /**
     * @param console where the operator-facing banner goes (standard error from the CLI), kept apart from the
     *                log stream because it may show the one-time administrator password
     */
    public static BulwarkServer start(BulwarkConfig configured, Clock clock, PrintStream console) {
        // The issuer must be known before anything is signed, so "any free port" is settled first.
        BulwarkConfig config = configured.get(Settings.SERVER_PORT) == 0
                ? configured.withPort(freePort(configured.get(Settings.SERVER_HOST))) : configured;
        Bulwark bulwark = Bulwark.open(config, clock, Bulwark.Access.CREATE_MISSING);
        try {
            bulwark.audit().record(new ConfigurationLoaded(config.file(), config.production(),
                    config.overridden().stream().map(Setting::key).map(SettingName::new).collect(Collectors.toSet())),
                    Actor.SYSTEM);
            var admin = BootstrapAdministrator.ensure(bulwark.accounts(),
                    Username.of(config.get(Settings.BOOTSTRAP_ADMIN_USERNAME)),
                    config.get(Settings.BOOTSTRAP_ADMIN_PASSWORD), new SecureRandom());
            bulwark.keyRing().ensureKeys();
            HttpServer http = HttpServer.start(config, bulwark, () -> bulwark.databaseReachable(READINESS_TIMEOUT));
            var server = new BulwarkServer(bulwark, http);
            URI url = http.publicUrl();
            console.println(banner(config, bulwark, url));
            admin.ifPresent(created -> {
                console.println("  Bootstrap administrator: " + created.administrator().username().value());
                console.println(created.generated()
                        ? "  One-time password (shown once, must be changed at first sign-in): "
                        + created.password().reveal()
                        : "  Its one-time password is the one set in " + Settings.BOOTSTRAP_ADMIN_PASSWORD
                        .environmentVariable() + "; it must be changed at first sign-in.");
            });
            console.flush();
            long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            LOG.info("bulwark started: {} in {} mode, ready {} ms after JVM start", url,
                    config.production() ? "production" : "development", sinceJvmStart);
            // A witness of the chain's head in the log stream, outside the database: see audit verify --expect-head.
            bulwark.audit().head().ifPresent(head -> LOG.info("audit chain head: {}", head));
            if (exposedWithoutTls(config)) {
                LOG.warn("development mode is serving plain HTTP on {}, beyond loopback", config.get(Settings.SERVER_HOST));
            }
            return server;
        } catch (RuntimeException e) {
            bulwark.close();
            throw e;
        }
    }

    private static int freePort(String host) {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot find a free port on " + host, e);
        }
    }

    /** Development over plain HTTP on an address other machines can reach. */
    private static boolean exposedWithoutTls(BulwarkConfig config) {
        String host = config.get(Settings.SERVER_HOST);
        return !config.production() && !config.tlsEnabled()
                && !(host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]"));
    }

    private static String banner(BulwarkConfig config, Bulwark bulwark, URI url) {
        String base = url.toString().replaceAll("/$", "");
        StringBuilder text = new StringBuilder();
        text.append("Bulwark ").append(Version.current()).append(" is running in ")
                .append(config.production() ? "production" : "development").append(" mode on ")
                .append(bulwark.databaseKind()).append('\n');
        text.append("  API:       ").append(base).append("/\n");
        text.append("  Readiness: ").append(base).append("/health/ready\n");
        text.append("  Metrics:   ").append(base).append("/metrics\n");
        text.append("  OpenAPI:   ").append(base).append("/openapi.json");
        if (exposedWithoutTls(config)) {
            text.append("\n  WARNING: plain HTTP on ").append(config.get(Settings.SERVER_HOST))
                    .append(", reachable beyond this machine, with development keys: for trusted networks only");
        }
        if (bulwark.usesDevelopmentKey()) {
            text.append("\n  Development master key: ").append(config.get(Settings.DATA_DIR)
                    .resolve(MasterKeySource.DEVELOPMENT_KEY_FILE)).append(" (production refuses it)");
        }
        return text.toString();
    }

    public Bulwark bulwark() {
        return bulwark;
    }

    public int port() {
        return http.port();
    }

    public URI url() {
        return http.publicUrl();
    }

    /** Stops taking requests, lets those in flight finish, then closes the database. */
    @Override
    public void close() {
        try {
            http.close();
        } finally {
            bulwark.close();
            LOG.info("bulwark stopped");
        }
    }
}
