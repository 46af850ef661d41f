package dev.bulwark.server;

import dev.bulwark.core.device.AndroidKeyAttestationVerifier;
import dev.bulwark.core.device.AppAttestVerifier;
import dev.bulwark.core.device.AttestationNonces;
import dev.bulwark.core.device.AttestationRevocations;
import dev.bulwark.core.device.DeviceKeyAttestation;
import dev.bulwark.core.oauth.DeviceAttestationStep;
import dev.bulwark.core.oauth.DeviceTrust;
import dev.bulwark.server.attestation.AndroidAttestationRoots;
import dev.bulwark.server.attestation.CachedStatusList;
import dev.bulwark.server.attestation.PlayIntegrityKeyFile;
import dev.bulwark.core.device.PlayIntegrityVerifier;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.bulwark.core.app.AppRegistry;
import dev.bulwark.core.account.PasswordReset;
import dev.bulwark.core.mfa.DeviceKeys;
import dev.bulwark.core.mfa.OneTimeCodes;
import dev.bulwark.core.mfa.PasskeyPolicy;
import dev.bulwark.core.mfa.Passkeys;
import dev.bulwark.core.oauth.HostedAccount;
import dev.bulwark.core.token.DpopNonces;
import dev.bulwark.core.token.DpopVerifier;
import dev.bulwark.core.oauth.PasskeyStep;
import dev.bulwark.core.oauth.DeviceKeyStep;
import dev.bulwark.core.mfa.SecondFactors;
import dev.bulwark.core.notify.AccountNotices;
import dev.bulwark.core.notify.MessageTexts;
import dev.bulwark.core.notify.Mailer;
import dev.bulwark.core.oauth.SecondFactorChoice;
import dev.bulwark.core.notify.SmsSender;
import dev.bulwark.server.mail.SmtpMailer;
import dev.bulwark.server.sms.ConsoleSmsSender;
import dev.bulwark.server.sms.HttpSmsSender;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.bulwark.core.oauth.SecondFactorStep;
import dev.bulwark.core.audit.AuditChain;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.audit.AuditVerifier;
import dev.bulwark.core.crypto.AesGcmSealer;
import dev.bulwark.core.crypto.Argon2Parameters;
import dev.bulwark.core.crypto.Argon2idSelection;
import dev.bulwark.core.crypto.SignatureProvider;
import dev.bulwark.core.crypto.MasterKey;
import dev.bulwark.core.crypto.PasswordHasher;
import dev.bulwark.core.identity.PasswordAuthentication;
import dev.bulwark.core.identity.PasswordBlocklist;
import dev.bulwark.core.identity.PasswordPolicy;
import dev.bulwark.core.identity.PasswordPolicyCheck;
import dev.bulwark.core.identity.UserAccounts;
import dev.bulwark.core.oauth.AuthorizationCodes;
import dev.bulwark.core.oauth.AuthorizationService;
import dev.bulwark.core.oauth.ChallengeService;
import dev.bulwark.core.oauth.ClientAuthenticator;
import dev.bulwark.core.oauth.PasswordChangeStep;
import dev.bulwark.core.oauth.PasswordStep;
import dev.bulwark.core.oauth.TokenIntrospection;
import dev.bulwark.core.oauth.TokenService;
import dev.bulwark.core.oauth.AccessTokenAudience;
import dev.bulwark.core.oauth.OwnApiAccess;
import dev.bulwark.core.account.AccountService;
import dev.bulwark.core.protection.CredentialGuard;
import dev.bulwark.core.protection.ThrottlePolicy;
import dev.bulwark.core.session.RefreshTokenFormat;
import dev.bulwark.core.session.SessionService;
import dev.bulwark.core.token.AccessTokenVerifier;
import dev.bulwark.core.token.KeyRing;
import dev.bulwark.core.token.KeyRingPolicy;
import dev.bulwark.core.token.SigningAlgorithm;
import dev.bulwark.core.token.TokenIssuer;
import dev.bulwark.core.token.TokenSigner;
import dev.bulwark.server.config.BulwarkConfig;
import dev.bulwark.server.config.ConfigException;
import dev.bulwark.server.config.Settings;
import dev.bulwark.server.ops.TimedArgon2id;
import dev.bulwark.server.passwords.BreachedPasswordFile;
import dev.bulwark.store.Store;
import dev.bulwark.store.StoreException;
import dev.bulwark.store.StoreSettings;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of Bulwark from a configuration, by hand, in dependency order. Read
 * this class to see the system. The server and the CLI both start here.
 */
public final class Bulwark implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bulwark.class);
    private static final String AUDIT_KEY_PURPOSE = "bulwark/audit-chain/v1";
    private static final String SIGNING_KEY_PURPOSE = "bulwark/signing-keys/v1";
    private static final String REFRESH_TOKEN_PURPOSE = "bulwark/refresh-tokens/v2";
    private static final String TOTP_SEED_PURPOSE = "bulwark/totp-seeds/v1";
    private static final String ONE_TIME_CODE_PURPOSE = "bulwark/one-time-codes/v1";
    private static final String DPOP_NONCE_PURPOSE = "bulwark/dpop-nonces/v1";
    private static final String ATTESTATION_NONCE_PURPOSE = "bulwark/attestation-nonces/v1";
    /** How far ahead of this server's clock a DPoP proof's iat may be: phones' clocks drift. */
    private static final Duration DPOP_FUTURE_SKEW = Duration.ofSeconds(5);
    private static final Duration KEY_RELOAD_INTERVAL = Duration.ofSeconds(30);

    private final BulwarkConfig config;
    private final PrometheusMeterRegistry metrics;
    private final Store store;
    private final MasterKey masterKey;
    private final AuditTrail audit;
    private final AuditVerifier auditVerifier;
    private final UserAccounts accounts;
    private final PasswordAuthentication passwordAuthentication;
    private final AppRegistry apps;
    private final KeyRing keyRing;
    private final Protocol protocol;
    private final CredentialGuard guard;
    private final AccountService accountService;
    private final SecondFactors secondFactors;
    private final PasswordReset passwordReset;
    private final DeviceKeys deviceKeys;
    private final Passkeys passkeys;
    /** Work that must not hold up a request: notices, password-reset mails. */
    private final ExecutorService background;
    /** Chores on a timer, off the request path: dropping what idle features hold in memory. */
    private final ScheduledExecutorService housekeeping;

    /** The OAuth 2.0 and OpenID Connect services, which need the issuer identifier. */
    public record Protocol(String issuer, SessionService sessions, TokenService tokens, ChallengeService challenges,
                           AuthorizationService authorization, TokenIntrospection introspection,
                           OwnApiAccess apiAccess, SigningAlgorithm idTokenAlgorithm,
                           SigningAlgorithm accessTokenAlgorithm, HostedAccount hostedAccount) {
    }

    private Bulwark(BulwarkConfig config, PrometheusMeterRegistry metrics, Store store, MasterKey masterKey,
                    AuditTrail audit, AuditVerifier auditVerifier, UserAccounts accounts,
                    PasswordAuthentication passwordAuthentication, AppRegistry apps, KeyRing keyRing,
                    Protocol protocol, CredentialGuard guard, AccountService accountService,
                    SecondFactors secondFactors, PasswordReset passwordReset, DeviceKeys deviceKeys, Passkeys passkeys,
                    ExecutorService background, ScheduledExecutorService housekeeping) {
        this.deviceKeys = deviceKeys;
        this.passkeys = passkeys;
        this.guard = guard;
        this.secondFactors = secondFactors;
        this.passwordReset = passwordReset;
        this.background = background;
        this.housekeeping = housekeeping;
        this.accountService = accountService;
        this.config = config;
        this.metrics = metrics;
        this.store = store;
        this.masterKey = masterKey;
        this.audit = audit;
        this.auditVerifier = auditVerifier;
        this.accounts = accounts;
        this.passwordAuthentication = passwordAuthentication;
        this.apps = apps;
        this.keyRing = keyRing;
        this.protocol = protocol;
    }

    /** Whether opening may create what is missing: a new SQLite database, a development master key. */
    public enum Access {
        /** For the server and for commands that change things: create what is missing. */
        CREATE_MISSING,
        /**
         * For commands that only read: refuse when the database or the key is missing, rather than report on a
         * fresh, empty installation as if it were the real one.
         */
        EXISTING_ONLY
    }

    /**
     * Opens the database (migrating it) and wires the services.
     *
     * @throws ConfigException           when a configured file or key cannot be used
     * @throws dev.bulwark.store.StoreException when the database cannot be reached or migrated, or is missing
     *                                   and {@code access} is {@link Access#EXISTING_ONLY}
     */
    public static Bulwark open(BulwarkConfig config, Clock clock, Access access) {
        if (access == Access.EXISTING_ONLY) {
            Store.sqliteFile(config.storageUrl()).filter(file -> !Files.exists(file)).ifPresent(file -> {
                throw new StoreException("there is no database at " + file + "; run where Bulwark runs, or pass "
                        + "its --config", null);
            });
        }
        SecureRandom random = new SecureRandom();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        for (var binder : List.of(new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(),
                new ProcessorMetrics(), new UptimeMetrics())) {
            binder.bindTo(metrics);
        }

        Store store = Store.open(new StoreSettings(config.storageUrl(), config.get(Settings.STORAGE_USERNAME),
                config.get(Settings.STORAGE_PASSWORD), config.get(Settings.STORAGE_POOL_SIZE),
                config.get(Settings.STORAGE_CONNECT_TIMEOUT), Optional.of(new MicrometerMetricsTrackerFactory(metrics))));
        ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("bulwark-housekeeping").daemon().factory());
        try {
            MasterKey masterKey = MasterKeySource.resolve(config, random, access == Access.CREATE_MISSING);
            var auditChain = new AuditChain(masterKey.derive(AUDIT_KEY_PURPOSE, 32));
            var audit = new AuditTrail(store.auditLog(), auditChain, clock);
            Optional<Mailer> mailer = mailer(config);
            var messageTexts = new MessageTexts(config.get(Settings.PRODUCT_NAME));
            var notices = new AccountNotices(store.users(), mailer, messageTexts, background);
            var sessions = new SessionService(store.sessions(), store.devices(),
                    new RefreshTokenFormat(masterKey.derive(REFRESH_TOKEN_PURPOSE, 32)), store.legacyRefreshTokens(),
                    store.revocations(), store.browserSessions(), audit, store.transactions(), clock, random, notices);
            var argon2 = new TimedArgon2id(argon2(config), metrics);
            everyMinute(housekeeping, "freeing idle hashing memory", argon2::releaseIdleMemory);
            var hasher = new PasswordHasher(argon2, new Argon2Parameters(
                    config.get(Settings.ARGON2_MEMORY_KIB), config.get(Settings.ARGON2_ITERATIONS),
                    config.get(Settings.ARGON2_PARALLELISM)), random);
            PasswordPolicy policy = passwordPolicy(config);
            var policyCheck = new PasswordPolicyCheck(policy);
            everyMinute(housekeeping, "dropping idle password dictionaries", policyCheck::dropDictionariesIfIdle);
            var accounts = new UserAccounts(store.users(), store.passwordCredentials(), hasher, policyCheck, audit,
                    store.transactions(), clock, sessions);
            var guard = new CredentialGuard(store.throttles(), throttlePolicies(config), audit, clock);
            var passwordAuthentication = new PasswordAuthentication(store.users(), store.passwordCredentials(), hasher,
                    policy, audit, store.transactions(), clock, random, guard);
            var apps = new AppRegistry(store.apps(), sessions, audit, store.transactions(), clock, random);
            everyMinute(housekeeping, "deleting ended sessions", () -> {
                int deleted = sessions.sweep(apps.list());
                if (deleted > 0) {
                    LOG.debug("deleted {} ended sessions", deleted);
                }
            });
            var keyRing = new KeyRing(store.signingKeys(), new AesGcmSealer(masterKey.derive(SIGNING_KEY_PURPOSE, 32),
                    random), store.transactions(), audit, clock, keyRingPolicy(config), signatureProvider(config));

            String issuer = config.issuer();
            var accessAlgorithm = algorithm(config.get(Settings.KEYS_ACCESS_TOKEN_ALGORITHM));
            var idTokenAlgorithm = algorithm(config.get(Settings.KEYS_ID_TOKEN_ALGORITHM));
            var tokenIssuer = new TokenIssuer(new TokenSigner(keyRing), issuer, accessAlgorithm, clock, random);
            var clients = new ClientAuthenticator(store.apps(), store.replayCache(), guard, audit, clock, issuer,
                    issuer + Endpoints.TOKEN);
            var codes = new AuthorizationCodes(store.authorizationCodes(), clock, random);
            var dpop = new DpopVerifier(store.replayCache(), clock, config.get(Settings.DPOP_PROOF_LIFETIME),
                    DPOP_FUTURE_SKEW, config.get(Settings.DPOP_REQUIRE_NONCE)
                    ? Optional.of(new DpopNonces(masterKey.derive(DPOP_NONCE_PURPOSE, 32), clock)) : Optional.empty());
            Optional<AndroidKeyAttestationVerifier> android = androidAttestation(config, clock);
            var deviceTrust = new DeviceTrust(store.deviceAttestations(), new AttestationNonces(
                    masterKey.derive(ATTESTATION_NONCE_PURPOSE, 32), store.replayCache(), clock, random),
                    android, new PlayIntegrityVerifier(clock, AttestationNonces.LIFETIME),
                    config.get(Settings.DEVICE_PLAY_INTEGRITY_KEYS_FILE).map(PlayIntegrityKeyFile::read)
                            .orElse(Map.of()), appAttest(config, clock), dpop,
                    URI.create(issuer + Endpoints.AUTHORIZE_CHALLENGE), audit, clock);
            var audience = new AccessTokenAudience(issuer, issuer + Endpoints.USERINFO);
            var tokens = new TokenService(clients, guard, store.authorizationCodes(), sessions, store.users(), tokenIssuer,
                    store.transactions(), clock, idTokenAlgorithm, dpop, deviceTrust,
                    URI.create(issuer + Endpoints.TOKEN), audience);
            var secondFactors = new SecondFactors(store.totps(), store.recoveryCodes(),
                    new AesGcmSealer(masterKey.derive(TOTP_SEED_PURPOSE, 32), random), guard, audit,
                    store.transactions(), clock, random, config.get(Settings.PRODUCT_NAME), notices);
            var oneTimeCodes = new OneTimeCodes(store.oneTimeCodes(), mailer, smsSender(config), messageTexts, guard,
                    audit, store.transactions(), clock, random, masterKey.derive(ONE_TIME_CODE_PURPOSE, 32));
            var deviceKeys = new DeviceKeys(store.deviceKeys(), new DeviceKeyAttestation(android), guard, audit,
                    notices, store.transactions(), clock, random);
            var passkeys = new Passkeys(store.passkeys(), store.users(), passkeyPolicy(config), guard, audit, notices,
                    store.transactions(), clock, random);
            var factorChoice = new SecondFactorChoice(secondFactors, oneTimeCodes, deviceKeys, passkeys,
                    store.enrolledFactors());
            // The second factor comes before a due password change: a one-time password alone must not set one.
            var challenges = new ChallengeService(clients, store.authSessions(), codes, store.users(),
                    List.of(new DeviceAttestationStep(deviceTrust), new PasskeyStep(passkeys, clock),
                            new DeviceKeyStep(deviceKeys, store.users(), clock),
                            new PasswordStep(passwordAuthentication, clock),
                            new SecondFactorStep(factorChoice, secondFactors, store.users(), clock),
                            new PasswordChangeStep(accounts)),
                    audit, store.transactions(), clock, random);
            var authorization = new AuthorizationService(store.apps(), store.authorizationRequests(),
                    store.browserSessions(), codes, passwordAuthentication, accounts, store.users(), secondFactors,
                    factorChoice, passkeys, store.consents(), audit, issuer, clock, random);
            var passwordReset = new PasswordReset(passwordAuthentication, oneTimeCodes, accounts, guard, notices,
                    background, random);
            var introspection = new TokenIntrospection(clients, new AccessTokenVerifier(keyRing, issuer, clock),
                    sessions, store.revocations(), store.apps(), store.users(), clock, dpop, audit);
            var protocol = new Protocol(issuer, sessions, tokens, challenges, authorization, introspection,
                    new OwnApiAccess(introspection, store.apps(), audience, config.get(Settings.ADMIN_MAX_AUTH_AGE),
                            clock), idTokenAlgorithm, accessAlgorithm,
                    new HostedAccount(store.browserSessions(), store.users(), factorChoice, passkeys, clock));
            return new Bulwark(config, metrics, store, masterKey, audit, new AuditVerifier(store.auditLog(), auditChain),
                    accounts, passwordAuthentication, apps, keyRing, protocol, guard,
                    new AccountService(sessions, store.apps(), accounts, guard, factorChoice, notices, deviceTrust,
                            store.consents(), audit, clock),
                    secondFactors, passwordReset, deviceKeys, passkeys, background, housekeeping);
        } catch (RuntimeException e) {
            store.close();
            background.close();
            housekeeping.shutdownNow();
            throw e;
        }
    }

    /**
     * Runs a chore once a minute. A scheduled task that throws is never run again, so a failure is logged and the
     * next minute tries again.
     */
    private static void everyMinute(ScheduledExecutorService housekeeping, String what, Runnable chore) {
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                chore.run();
            } catch (RuntimeException e) {
                LOG.warn("housekeeping failed while {}", what, e);
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    /** The WebAuthn relying party: the public URL's host and origin, and the configured extras. */
    static PasskeyPolicy passkeyPolicy(BulwarkConfig config) {
        URI publicUrl = config.publicUrl();
        String origin = publicUrl.getScheme() + "://" + publicUrl.getRawAuthority();
        Set<String> origins = new java.util.LinkedHashSet<>();
        origins.add(origin);
        config.get(Settings.PASSKEYS_EXTRA_ORIGINS).ifPresent(extra -> origins.addAll(List.of(extra.split(","))));
        return new PasskeyPolicy(config.get(Settings.PASSKEYS_RP_ID).orElse(publicUrl.getHost()),
                config.get(Settings.PRODUCT_NAME), origins,
                "required".equals(config.get(Settings.PASSKEYS_USER_VERIFICATION)),
                "direct".equals(config.get(Settings.PASSKEYS_ATTESTATION)),
                "refuse".equals(config.get(Settings.PASSKEYS_SIGNATURE_COUNTER)));
    }

    /** The App Attest verifier, when Apple's root is configured. */
    private static Optional<AppAttestVerifier> appAttest(BulwarkConfig config, Clock clock) {
        return config.get(Settings.DEVICE_APP_ATTEST_ROOT).map(file -> {
            try (var in = java.nio.file.Files.newInputStream(file)) {
                return new AppAttestVerifier((java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                        .getInstance("X.509").generateCertificate(in), clock);
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw new ConfigException(List.of("device.appAttest.root: " + file + " is not a PEM certificate"));
            }
        });
    }

    /** The Android key attestation verifier, when trust anchors are configured. */
    private static Optional<AndroidKeyAttestationVerifier> androidAttestation(BulwarkConfig config, Clock clock) {
        String statusList = config.get(Settings.DEVICE_ANDROID_STATUS_LIST);
        AttestationRevocations revocations = "none".equals(statusList) ? AttestationRevocations.NONE
                : new CachedStatusList(statusList, config.get(Settings.DEVICE_ANDROID_STATUS_LIST_REFRESH), clock);
        return config.get(Settings.DEVICE_ANDROID_ROOTS).map(file -> new AndroidKeyAttestationVerifier(
                AndroidAttestationRoots.read(file), revocations, clock));
    }

    /** The SMS provider, when one is configured. */
    private static Optional<SmsSender> smsSender(BulwarkConfig config) {
        return switch (config.get(Settings.SMS_PROVIDER)) {
            case "http" -> Optional.of(new HttpSmsSender(config.get(Settings.SMS_HTTP_URL).orElseThrow(),
                    config.get(Settings.SMS_HTTP_USERNAME).map(user -> user + ":"
                            + config.get(Settings.SMS_HTTP_PASSWORD).orElseThrow()),
                    config.get(Settings.SMS_HTTP_BEARER_TOKEN), config.get(Settings.SMS_HTTP_CONTENT_TYPE),
                    config.get(Settings.SMS_HTTP_BODY)));
            case "console" -> Optional.of(new ConsoleSmsSender(System.out));
            default -> Optional.empty();
        };
    }

    /** The SMTP relay, when one is configured. */
    private static Optional<Mailer> mailer(BulwarkConfig config) {
        return config.get(Settings.MAIL_HOST).map(host -> new SmtpMailer(host, config.get(Settings.MAIL_PORT),
                SmtpMailer.Security.parse(config.get(Settings.MAIL_SECURITY)), config.get(Settings.MAIL_USERNAME),
                config.get(Settings.MAIL_PASSWORD), config.get(Settings.MAIL_FROM).orElseThrow()));
    }

    private static dev.bulwark.core.crypto.Argon2id argon2(BulwarkConfig config) {
        var selection = Argon2idSelection.select(
                Argon2idSelection.Preference.parse(config.get(Settings.ARGON2_IMPLEMENTATION)));
        selection.fallbackReason().ifPresent(LOG::warn);
        return selection.implementation();
    }

    private static SignatureProvider signatureProvider(BulwarkConfig config) {
        var selection = SignatureProvider.select(
                SignatureProvider.Preference.parse(config.get(Settings.KEYS_SIGNING_PROVIDER)));
        selection.fallbackReason().ifPresent(LOG::warn);
        return selection;
    }

    private static SigningAlgorithm algorithm(String name) {
        return SigningAlgorithm.fromJoseName(name).orElseThrow();
    }

    private static KeyRingPolicy keyRingPolicy(BulwarkConfig config) {
        Set<SigningAlgorithm> algorithms = config.get(Settings.KEYS_ALGORITHMS).stream()
                .map(name -> SigningAlgorithm.fromJoseName(name).orElseThrow()).collect(Collectors.toSet());
        return new KeyRingPolicy(algorithms, config.get(Settings.KEYS_NEXT_KEY_LEAD),
                config.get(Settings.KEYS_RETIRED_RETENTION), KEY_RELOAD_INTERVAL);
    }

    /** The brute-force protection the configuration describes. */
    public static CredentialGuard.Policies throttlePolicies(BulwarkConfig config) {
        Duration maxDelay = config.get(Settings.PROTECTION_MAX_DELAY);
        int delayAfter = config.get(Settings.PROTECTION_ACCOUNT_DELAY_AFTER);
        int lockAfter = config.get(Settings.PROTECTION_ACCOUNT_LOCK_AFTER);
        int mostFailures = config.get(Settings.PROTECTION_ACCOUNT_MOST_FAILURES);
        int addressDelayAfter = config.get(Settings.PROTECTION_ADDRESS_DELAY_AFTER);
        int addressLockAfter = config.get(Settings.PROTECTION_ADDRESS_LOCK_AFTER);
        if (delayAfter > lockAfter || lockAfter > mostFailures || addressDelayAfter > addressLockAfter) {
            throw new ConfigException(List.of("protection: need accounts.delayAfter <= accounts.lockAfter <= "
                    + "accounts.mostFailures and addresses.delayAfter <= addresses.lockAfter; got " + delayAfter
                    + ", " + lockAfter + ", " + mostFailures + " and " + addressDelayAfter + ", " + addressLockAfter));
        }
        Duration lockDuration = config.get(Settings.PROTECTION_ACCOUNT_LOCK_DURATION);
        Duration window = config.get(Settings.PROTECTION_WINDOW);
        return new CredentialGuard.Policies(
                new ThrottlePolicy.Consecutive(delayAfter, lockAfter, maxDelay, lockDuration, mostFailures),
                new ThrottlePolicy.Windowed(addressDelayAfter, addressLockAfter, maxDelay,
                        config.get(Settings.PROTECTION_ADDRESS_LOCK_DURATION), window),
                // Requests per account that guess nothing (starting a reset): the account's numbers, in a window.
                new ThrottlePolicy.Windowed(delayAfter, lockAfter, maxDelay, lockDuration, window));
    }

    /**
     * The password policy the configuration describes: the operator's own list loaded, the breached-password file
     * opened (its header only: start-up does not read the list).
     */
    public static PasswordPolicy passwordPolicy(BulwarkConfig config) {
        List<PasswordBlocklist> lists = new java.util.ArrayList<>();
        config.get(Settings.POLICY_BLOCKLIST_FILE).map(Bulwark::wordList).ifPresent(lists::add);
        breachedPasswordsFile(config).map(Bulwark::breachedPasswords).ifPresent(lists::add);
        return new PasswordPolicy(config.get(Settings.POLICY_MIN_LENGTH), config.get(Settings.POLICY_MAX_LENGTH),
                config.get(Settings.POLICY_MIN_SCORE), lists.isEmpty() ? PasswordBlocklist.EMPTY
                : PasswordBlocklist.anyOf(lists), config.get(Settings.POLICY_MAX_AGE),
                config.get(Settings.POLICY_HISTORY));
    }

    /**
     * Where the breached-password list is: the configured file, else {@code DATADIR/breached-passwords.bin} when one
     * was imported there.
     */
    public static Optional<Path> breachedPasswordsFile(BulwarkConfig config) {
        return config.get(Settings.POLICY_BREACHED_PASSWORDS_FILE).or(() -> Optional.of(defaultBreachedPasswordsFile(
                config)).filter(Files::exists));
    }

    /** Where {@code ./bulwark passwords import-blocklist} writes when no file is configured. */
    public static Path defaultBreachedPasswordsFile(BulwarkConfig config) {
        return config.get(Settings.DATA_DIR).resolve("breached-passwords.bin");
    }

    private static PasswordBlocklist breachedPasswords(Path file) {
        try {
            BreachedPasswordFile list = BreachedPasswordFile.open(file);
            LOG.info("breached-password list: {} entries in {}", list.size(), file);
            return list;
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new ConfigException(List.of("passwords.policy.breachedPasswordsFile: " + e.getMessage()));
        }
    }

    /** A list in memory this large is refused: it belongs in the breached-password file. */
    private static final long LARGEST_WORD_LIST_BYTES = 8L * 1024 * 1024;

    private static PasswordBlocklist wordList(Path file) {
        String advice = "; a list this large belongs in the breached-password file: ./bulwark passwords "
                + "import-blocklist " + file;
        try {
            if (Files.size(file) > LARGEST_WORD_LIST_BYTES) {
                throw new ConfigException(List.of("passwords.policy.blocklistFile: " + file + " is larger than 8 MiB"
                        + advice));
            }
            try (var lines = Files.lines(file)) {
                PasswordBlocklist blocklist = PasswordBlocklist.fromLines(lines);
                LOG.info("password blocklist loaded: {} entries from {}", blocklist.size(), file);
                return blocklist;
            }
        } catch (IllegalArgumentException tooMany) {
            throw new ConfigException(List.of("passwords.policy.blocklistFile: " + file + " has "
                    + tooMany.getMessage() + advice));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ConfigException(List.of("passwords.policy.blocklistFile: " + file + " cannot be read ("
                    + e.getMessage() + ")"));
        }
    }

    public BulwarkConfig config() {
        return config;
    }

    /** The database itself, for tools that fill it in bulk (the scale benchmark's seeding) rather than serve. */
    public Store store() {
        return store;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** Whether the database answers within {@code timeout}, for readiness. */
    public boolean databaseReachable(Duration timeout) {
        return store.ping(timeout);
    }

    /** Which database this is, such as {@code sqlite}, for operators. */
    public String databaseKind() {
        return store.dialect().name().toLowerCase(Locale.ROOT);
    }

    /** Whether the master key was generated for development, which production refuses. */
    public boolean usesDevelopmentKey() {
        return masterKey.generatedForDevelopment();
    }

    /** Users' devices and sessions, for the account and admin APIs. */
    public Passkeys passkeys() {
        return passkeys;
    }

    public DeviceKeys deviceKeys() {
        return deviceKeys;
    }

    public PasswordReset passwordReset() {
        return passwordReset;
    }

    public SecondFactors secondFactors() {
        return secondFactors;
    }

    public AccountService accountService() {
        return accountService;
    }

    /** Brute-force protection, for administrators' unlocks. */
    public CredentialGuard guard() {
        return guard;
    }

    public AuditTrail audit() {
        return audit;
    }

    public AuditVerifier auditVerifier() {
        return auditVerifier;
    }

    public UserAccounts accounts() {
        return accounts;
    }

    public PasswordAuthentication passwordAuthentication() {
        return passwordAuthentication;
    }

    public AppRegistry apps() {
        return apps;
    }

    public KeyRing keyRing() {
        return keyRing;
    }

    public Protocol protocol() {
        return protocol;
    }

    @Override
    public void close() {
        housekeeping.shutdownNow(); // its chores only drop what can be built again
        background.close(); // lets mails under way finish
        store.close();
    }
}
