package dev.bulwark.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.bulwark.core.Transactions;
import dev.bulwark.core.app.AppRepository;
import dev.bulwark.core.audit.AuditLog;
import dev.bulwark.core.identity.PasswordCredentialRepository;
import dev.bulwark.core.identity.UserRepository;
import dev.bulwark.core.oauth.AuthSessionRepository;
import dev.bulwark.core.oauth.AuthorizationCodeRepository;
import dev.bulwark.core.oauth.AuthorizationRequestRepository;
import dev.bulwark.core.oauth.ReplayCache;
import dev.bulwark.core.protection.ThrottleRepository;
import dev.bulwark.core.session.BrowserSessionRepository;
import dev.bulwark.core.session.DeviceRepository;
import dev.bulwark.core.session.LegacyRefreshTokens;
import dev.bulwark.core.session.RevocationFeed;
import dev.bulwark.core.device.DeviceAttestationRepository;
import dev.bulwark.core.mfa.DeviceKeyRepository;
import dev.bulwark.core.mfa.OneTimeCodeRepository;
import dev.bulwark.core.mfa.EnrolledFactors;
import dev.bulwark.core.oauth.ConsentRepository;
import dev.bulwark.core.mfa.PasskeyRepository;
import dev.bulwark.core.mfa.RecoveryCodeRepository;
import dev.bulwark.core.mfa.TotpRepository;
import dev.bulwark.core.session.SessionRepository;
import dev.bulwark.core.token.SigningKeyRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import jdk.jfr.FlightRecorder;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.JdbiStatementEvent;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.statement.internal.JfrSupport;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The opened database: migrated to the current schema, with the core's ports implemented over it.
 * SQLite runs in WAL mode with foreign keys on, a busy timeout, synchronous commits and one writer
 * connection (reads use a pool of their own); PostgreSQL runs through one HikariCP pool.
 */
public final class Store implements AutoCloseable {
    /** Runs readiness probes, so that a probe stuck on a dead connection never holds up its caller. */
    private static final ExecutorService PROBES = Executors.newVirtualThreadPerTaskExecutor();

    private final Dialect dialect;
    private final HikariDataSource writerPool;
    private final HikariDataSource readerPool;
    private final JdbiTransactions transactions;
    private final UserRepository users;
    private final PasswordCredentialRepository passwordCredentials;
    private final AuditLog auditLog;
    private final AppRepository apps;
    private final SigningKeyRepository signingKeys;
    private final SessionRepository sessions;
    private final DeviceRepository devices;
    private final LegacyRefreshTokens legacyRefreshTokens;
    private final AuthorizationCodeRepository authorizationCodes;
    private final AuthSessionRepository authSessions;
    private final RevocationFeed revocations;
    private final ReplayCache replayCache;
    private final AuthorizationRequestRepository authorizationRequests;
    private final BrowserSessionRepository browserSessions;
    private final ThrottleRepository throttles;
    private final TotpRepository totps;
    private final RecoveryCodeRepository recoveryCodes;
    private final OneTimeCodeRepository oneTimeCodes;
    private final DeviceKeyRepository deviceKeys;
    private final DeviceAttestationRepository deviceAttestations;
    private final PasskeyRepository passkeys;
    private final EnrolledFactors enrolledFactors;
    private final ConsentRepository consents;

    private Store(Dialect dialect, HikariDataSource writerPool, HikariDataSource readerPool) {
        this.dialect = dialect;
        this.writerPool = writerPool;
        this.readerPool = readerPool;
        this.transactions = dialect == Dialect.SQLITE
                ? JdbiTransactions.singleWriter(jdbi(writerPool), jdbi(readerPool))
                : JdbiTransactions.pooled(jdbi(writerPool), jdbi(readerPool));
        this.users = new JdbiUserRepository(transactions, dialect);
        this.passwordCredentials = new JdbiPasswordCredentialRepository(transactions);
        this.auditLog = new JdbiAuditLog(transactions, dialect);
        this.apps = new JdbiAppRepository(transactions, dialect);
        this.signingKeys = new JdbiSigningKeyRepository(transactions, dialect);
        this.sessions = new JdbiSessionRepository(transactions);
        this.devices = new JdbiDeviceRepository(transactions);
        this.legacyRefreshTokens = new JdbiLegacyRefreshTokens(transactions);
        this.authorizationCodes = new JdbiAuthorizationCodeRepository(transactions);
        this.authSessions = new JdbiAuthSessionRepository(transactions);
        this.revocations = new JdbiRevocationFeed(transactions);
        this.replayCache = new JdbiReplayCache(transactions, dialect);
        this.authorizationRequests = new JdbiAuthorizationRequestRepository(transactions);
        this.browserSessions = new JdbiBrowserSessionRepository(transactions);
        this.throttles = new JdbiThrottleRepository(transactions);
        this.totps = new JdbiTotpRepository(transactions);
        this.recoveryCodes = new JdbiRecoveryCodeRepository(transactions);
        this.oneTimeCodes = new JdbiOneTimeCodeRepository(transactions);
        this.deviceKeys = new JdbiDeviceKeyRepository(transactions);
        this.deviceAttestations = new JdbiDeviceAttestationRepository(transactions);
        this.passkeys = new JdbiPasskeyRepository(transactions);
        this.enrolledFactors = new JdbiEnrolledFactors(transactions);
        this.consents = new JdbiConsentRepository(transactions);
    }

    /** Statement failures carry neither the SQL nor its bound values, which may be credential hashes. */
    private static Jdbi jdbi(DataSource dataSource) {
        keepStatementsOutOfFlightRecordings();
        Jdbi jdbi = Jdbi.create(dataSource);
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        return jdbi;
    }

    /**
     * Jdbi reports every statement to Java Flight Recorder as a {@code jdbi.statement} event with its SQL and bound
     * values, which include password hashes and token digests: a recording made to diagnose a server must not hold
     * them. Jdbi registers the event when its JFR support loads; unregistering it then keeps it out of every
     * recording.
     */
    static void keepStatementsOutOfFlightRecordings() {
        if (JfrSupport.isFlightRecorderAvailable()) {
            FlightRecorder.unregister(JdbiStatementEvent.class);
        }
    }

    /**
     * Connects, migrates the schema and returns the store.
     *
     * @throws StoreException with a one-line reason (no credentials) when the database cannot be reached or
     *                        migrated
     * @throws IllegalArgumentException when the URL names an unsupported database
     */
    public static Store open(StoreSettings settings) {
        Dialect dialect = Dialect.of(settings.url());
        HikariDataSource writer = null;
        HikariDataSource readers = null;
        try {
            if (dialect == Dialect.SQLITE) {
                createParentDirectory(settings.url());
                writer = pool("bulwark-writer", sqlite(settings.url(), true), 1, settings);
                readers = pool("bulwark-readers", sqlite(settings.url(), false), settings.poolSize(), settings);
            } else {
                writer = postgresPool(settings);
                readers = writer;
            }
            migrate(writer, dialect);
            return new Store(dialect, writer, readers);
        } catch (HikariPool.PoolInitializationException e) {
            closeQuietly(writer, readers);
            throw new StoreException("cannot connect to the database at " + settings.redactedUrl() + ": "
                    + rootMessage(e), e);
        } catch (FlywayException e) {
            closeQuietly(writer, readers);
            throw new StoreException("cannot migrate the database at " + settings.redactedUrl() + ": "
                    + rootMessage(e), e);
        } catch (RuntimeException e) {
            closeQuietly(writer, readers);
            throw e;
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public Transactions transactions() {
        return transactions;
    }

    public UserRepository users() {
        return users;
    }

    public PasswordCredentialRepository passwordCredentials() {
        return passwordCredentials;
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    public AppRepository apps() {
        return apps;
    }

    public SigningKeyRepository signingKeys() {
        return signingKeys;
    }

    public TotpRepository totps() {
        return totps;
    }

    public PasskeyRepository passkeys() {
        return passkeys;
    }

    public EnrolledFactors enrolledFactors() {
        return enrolledFactors;
    }

    public ConsentRepository consents() {
        return consents;
    }

    public DeviceKeyRepository deviceKeys() {
        return deviceKeys;
    }

    public DeviceAttestationRepository deviceAttestations() {
        return deviceAttestations;
    }

    public OneTimeCodeRepository oneTimeCodes() {
        return oneTimeCodes;
    }

    public RecoveryCodeRepository recoveryCodes() {
        return recoveryCodes;
    }

    public SessionRepository sessions() {
        return sessions;
    }

    public DeviceRepository devices() {
        return devices;
    }

    public LegacyRefreshTokens legacyRefreshTokens() {
        return legacyRefreshTokens;
    }

    public AuthorizationCodeRepository authorizationCodes() {
        return authorizationCodes;
    }

    public AuthSessionRepository authSessions() {
        return authSessions;
    }

    public RevocationFeed revocations() {
        return revocations;
    }

    public ReplayCache replayCache() {
        return replayCache;
    }

    public AuthorizationRequestRepository authorizationRequests() {
        return authorizationRequests;
    }

    public BrowserSessionRepository browserSessions() {
        return browserSessions;
    }

    public ThrottleRepository throttles() {
        return throttles;
    }

    /**
     * Whether the database answers a trivial query, through the writer and the readers, within {@code timeout}
     * in all (waiting for a pooled connection included); never throws.
     */
    public boolean ping(Duration timeout) {
        var probe = CompletableFuture.supplyAsync(() -> answers(writerPool) && (readerPool == writerPool
                || answers(readerPool)), PROBES);
        try {
            return probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            probe.cancel(true);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean answers(HikariDataSource pool) {
        try (Connection connection = pool.getConnection(); var statement = connection.createStatement()) {
            return statement.execute("SELECT 1");
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** The database file a SQLite URL names, if it names one (not for in-memory databases or PostgreSQL). */
    public static Optional<Path> sqliteFile(String url) {
        if (!url.startsWith("jdbc:sqlite:")) {
            return Optional.empty();
        }
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.isEmpty() || file.equals(":memory:") || file.startsWith("file:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(file).toAbsolutePath());
    }

    @Override
    public void close() {
        transactions.close();
        closeQuietly(writerPool, readerPool);
    }

    private static SQLiteDataSource sqlite(String url, boolean writer) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(5_000);
        // FULL: a commit reaches the disk before it is acknowledged, so nothing committed is ever lost.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        if (writer) {
            // Take the write lock when the transaction begins, not at its first write: no upgrade deadlocks.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url);
        return dataSource;
    }

    private static HikariDataSource pool(String name, DataSource dataSource, int size, StoreSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDataSource(dataSource);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(size, 1));
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        settings.metrics().ifPresent(config::setMetricsTrackerFactory);
        return new HikariDataSource(config);
    }

    private static HikariDataSource postgresPool(StoreSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("bulwark");
        config.setJdbcUrl(settings.url());
        settings.username().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(settings.poolSize(), 2));
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        config.setValidationTimeout(Math.min(settings.connectTimeout().toMillis(), 1_000));
        config.setKeepaliveTime(Duration.ofMinutes(1).toMillis());
        long connectSeconds = Math.max(1, settings.connectTimeout().toSeconds());
        config.addDataSourceProperty("connectTimeout", connectSeconds);
        config.addDataSourceProperty("socketTimeout", 60);
        config.addDataSourceProperty("tcpKeepAlive", true);
        config.addDataSourceProperty("ApplicationName", "bulwark");
        settings.metrics().ifPresent(config::setMetricsTrackerFactory);
        return new HikariDataSource(config);
    }

    private static void migrate(DataSource dataSource, Dialect dialect) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(dialect.migrations())
                .validateMigrationNaming(true)
                .load()
                .migrate();
    }

    private static void createParentDirectory(String url) {
        Optional<Path> file = sqliteFile(url);
        if (file.isEmpty()) {
            return;
        }
        Path parent = file.get().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException("cannot create the database directory " + parent + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }

    private static void closeQuietly(HikariDataSource writer, HikariDataSource readers) {
        if (readers != null && readers != writer) {
            readers.close();
        }
        if (writer != null) {
            writer.close();
        }
    }
}
