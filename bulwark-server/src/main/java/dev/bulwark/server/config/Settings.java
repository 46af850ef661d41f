package dev.bulwark.server.config;

import dev.bulwark.store.StoreSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Every setting Bulwark reads, in the order of the reference documentation. */
public final class Settings {
    private Settings() {
    }

    public static final Setting<String> MODE = Setting.choice("mode", "development",
            List.of("development", "production"),
            "Development tolerates generated keys and plain HTTP (and warns when that is exposed beyond "
                    + "loopback); production refuses every insecure setting at start-up.");

    public static final Setting<Path> DATA_DIR = Setting.path("dataDir", "./data",
            "Where the embedded SQLite database and generated development keys are kept, relative to the working "
                    + "directory.");

    public static final Setting<String> SERVER_HOST = Setting.text("server.host", "127.0.0.1",
            "a host name or IP address to listen on", Pattern.compile("[A-Za-z0-9.:\\-\\[\\]]{1,253}"),
            "Interface to listen on. Use 0.0.0.0 to listen on every IPv4 interface.");

    public static final Setting<Integer> SERVER_PORT = Setting.integer("server.port", 8080, 0, 65535,
            "TCP port to listen on; 0 picks a free port.");

    public static final Setting<Optional<URI>> SERVER_PUBLIC_URL = Setting.optionalUrl("server.publicUrl",
            "(http or https://host:port)",
            "The URL clients use to reach Bulwark, when it differs from the listening address (behind a proxy).");

    public static final Setting<Optional<Path>> SERVER_TLS_CERTIFICATE = Setting.optionalPath("server.tls.certificate",
            "a PEM file with the certificate chain, leaf first",
            "Turns on TLS (1.2 and 1.3 only, forward-secret AEAD suites) and HSTS. Requires server.tls.privateKey.");

    public static final Setting<Optional<Path>> SERVER_TLS_PRIVATE_KEY = Setting.optionalPath("server.tls.privateKey",
            "a PEM file with the private key (PKCS#8, or PKCS#1 RSA, or SEC1 EC), unencrypted",
            "The private key of server.tls.certificate. Keep the file readable by Bulwark's user only.");

    public static final Setting<List<AddressRange>> SERVER_PROXY_TRUSTED_ADDRESSES = Setting.addresses(
            "server.proxy.trustedAddresses", "",
            "Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto headers are believed. Declaring one "
                    + "says that the proxy terminates TLS, which production mode requires when Bulwark has no TLS "
                    + "of its own.");

    public static final Setting<List<AddressRange>> SERVER_METRICS_ALLOWED_ADDRESSES = Setting.addresses(
            "server.metrics.allowedAddresses", "127.0.0.0/8, ::1",
            "Clients allowed to read /metrics (after resolving trusted proxies); others get 403. Health endpoints "
                    + "are open to all, as load balancers need them.");

    public static final Setting<Integer> SERVER_MAX_BODY_BYTES = Setting.integer("server.limits.maxBodyBytes", 65_536,
            1_024, 16_777_216, "Largest request body accepted; larger ones get 413 and are not read.");

    public static final Setting<Integer> SERVER_LIMITS_SIGN_INS = Setting.integer("server.limits.signIns", 0, 0,
            1_000, "Sign-ins (password checks) that run at once; more wait if they can expect a place within "
                    + "server.limits.maxWait, others are answered 503 with Retry-After at once. Each holds "
                    + "passwords.argon2.memoryKib while it hashes. 0: as many as there are cores, at least 2.");
    public static final Setting<Integer> SERVER_LIMITS_REQUESTS = Setting.integer("server.limits.requests", 64, 1,
            10_000, "Other requests (token grants, introspection, the APIs, pages) that run at once; more wait if they "
                    + "can expect a place within server.limits.maxWait, others are answered 503 with Retry-After at "
                    + "once.");
    public static final Setting<Duration> SERVER_LIMITS_MAX_WAIT = Setting.duration("server.limits.maxWait", "2s",
            Duration.ZERO, Duration.ofSeconds(30), "The longest a request may wait for a place; one that cannot expect a place within it is answered 503 at once.");
    public static final Setting<Integer> SERVER_MAX_CONNECTIONS = Setting.integer("server.maxConnections", 10_000,
            16, 1_000_000, "Open connections beyond which new ones wait in the listen backlog, and idle ones are "
                    + "closed after 2 s rather than 30 s.");

    public static final Setting<Integer> SERVER_MAX_HEADER_BYTES = Setting.integer("server.limits.maxHeaderBytes",
            8_192, 1_024, 65_536, "Largest request line plus headers accepted; larger ones get 431 (or 414).");

    public static final Setting<Duration> SERVER_SHUTDOWN_GRACE = Setting.duration("server.shutdownGrace", "10s",
            Duration.ZERO, Duration.ofMinutes(5),
            "On stop, how long requests in flight may take to finish before connections close.");

    public static final Setting<Optional<String>> STORAGE_URL = Setting.optionalText("storage.url",
            "jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DATABASE",
            Pattern.compile("jdbc:(sqlite|postgresql):\\S{1,2000}"),
            "The database. Default: jdbc:sqlite:DATADIR/bulwark.db. PostgreSQL is for production and clusters. "
                    + "Shown in messages without its query or user information, which may hold credentials.")
            .shownAs(StoreSettings::redact);

    public static final Setting<Optional<String>> STORAGE_USERNAME = Setting.optionalText("storage.username",
            "a database user name", Pattern.compile("[^\\s]{1,128}"), "PostgreSQL user, if not in storage.url.");

    public static final Setting<Optional<String>> STORAGE_PASSWORD = Setting.secret("storage.password",
            "the database password", "PostgreSQL password. Prefer the environment variable to the file.");

    public static final Setting<Integer> STORAGE_POOL_SIZE = Setting.integer("storage.poolSize", 10, 1, 200,
            "Most database connections per node (for SQLite: readers; there is always exactly one writer).");

    public static final Setting<Duration> STORAGE_CONNECT_TIMEOUT = Setting.duration("storage.connectTimeout", "3s",
            Duration.ofMillis(250), Duration.ofMinutes(1),
            "How long a request waits for a database connection before it fails closed with 503.");

    public static final Setting<Optional<String>> SECRETS_MASTER_KEY = Setting.secret("secrets.masterKey",
            "the base64 of 32 random bytes (openssl rand -base64 32)",
            "Root key from which Bulwark derives its keys (the audit chain's MAC key among them). Give it through "
                    + "the environment, never in a file under version control.");

    public static final Setting<Optional<Path>> SECRETS_MASTER_KEY_FILE = Setting.optionalPath("secrets.masterKeyFile",
            "a file holding the base64 of 32 random bytes",
            "Alternative to secrets.masterKey. Without either, development mode generates DATADIR/dev-master.key "
                    + "and production mode refuses to start.");

    public static final Setting<List<String>> KEYS_ALGORITHMS = Setting.choices("keys.algorithms", "ES256, RS256",
            List.of("ES256", "RS256", "EdDSA"),
            "The algorithms Bulwark keeps signing keys for and publishes. OpenID Connect requires RS256 for ID tokens "
                    + "of apps that did not choose another algorithm.");

    public static final Setting<String> KEYS_ACCESS_TOKEN_ALGORITHM = Setting.choice("keys.accessTokenAlgorithm",
            "ES256", List.of("ES256", "RS256", "EdDSA"), "The algorithm access tokens are signed with; must be one of "
                    + "keys.algorithms.");

    public static final Setting<String> KEYS_SIGNING_PROVIDER = Setting.choice("keys.signingProvider", "auto",
            List.of("auto", "native", "jdk"), "auto signs tokens with BoringSSL through Conscrypt (several times "
                    + "faster) and falls back to the JDK, logging once why; jdk signs with the JDK only.");

    public static final Setting<String> KEYS_ID_TOKEN_ALGORITHM = Setting.choice("keys.idTokenAlgorithm",
            "RS256", List.of("ES256", "RS256", "EdDSA"), "The algorithm ID tokens are signed with; must be one of "
                    + "keys.algorithms. RS256 is OpenID Connect's default for clients that registered no other.");

    public static final Setting<Duration> KEYS_NEXT_KEY_LEAD = Setting.duration("keys.nextKeyLead", "1h",
            Duration.ZERO, Duration.ofDays(30), "How long a next key must have been published before ./bulwark keys "
                    + "rotate makes it sign (relying parties cache the JWKS); --force skips the wait.");

    public static final Setting<Duration> KEYS_RETIRED_RETENTION = Setting.duration("keys.retiredRetention", "1d",
            Duration.ofHours(1), Duration.ofDays(90), "How long a retired key stays published, so that tokens it "
                    + "signed still verify until they expire.");

    public static final Setting<Integer> ARGON2_MEMORY_KIB = Setting.integer("passwords.argon2.memoryKib", 19_456,
            8, 4_194_304, "Argon2id memory per hash in KiB (OWASP: 19456 with 2 iterations). Production needs at "
                    + "least 7168.");

    public static final Setting<Integer> ARGON2_ITERATIONS = Setting.integer("passwords.argon2.iterations", 2, 1, 100,
            "Argon2id passes over memory.");

    public static final Setting<Integer> ARGON2_PARALLELISM = Setting.integer("passwords.argon2.parallelism", 1, 1, 16,
            "Argon2id lanes.");

    public static final Setting<String> ARGON2_IMPLEMENTATION = Setting.choice("passwords.argon2.implementation",
            "auto", List.of("auto", "native", "bouncycastle"),
            "auto uses native libargon2 (fastest) and falls back to pure-Java Bouncy Castle, logging once why.");

    public static final Setting<Integer> POLICY_MIN_LENGTH = Setting.integer("passwords.policy.minLength", 12, 8, 64,
            "Fewest characters (Unicode code points) in a new password.");

    public static final Setting<Integer> POLICY_MAX_LENGTH = Setting.integer("passwords.policy.maxLength", 128, 64,
            1_024, "Most characters in a new password; at least 64 so that passphrases fit (NIST SP 800-63B).");

    public static final Setting<Integer> POLICY_MIN_SCORE = Setting.integer("passwords.policy.minScore", 3, 0, 4,
            "Lowest zxcvbn strength score accepted (0 = anything, 4 = very strong).");

    public static final Setting<Optional<Path>> POLICY_BLOCKLIST_FILE = Setting.optionalPath(
            "passwords.policy.blocklistFile",
            "a text file: one password, or one SHA-1 hex (HASH or HASH:COUNT), per line; at most 8 MiB",
            "The operator's own passwords to refuse on top of zxcvbn's dictionaries, held in memory (at most 100,000 "
                    + "entries). A breached-password corpus belongs in passwords.policy.breachedPasswordsFile.");

    public static final Setting<Optional<Path>> POLICY_BREACHED_PASSWORDS_FILE = Setting.optionalPath(
            "passwords.policy.breachedPasswordsFile", "a file built by ./bulwark passwords import-blocklist",
            "Breached passwords to refuse, of any size (a billion entries take 8 GB of disk), searched on disk "
                    + "without being loaded. Default: DATADIR/breached-passwords.bin when one was imported there.");

    public static final Setting<Duration> POLICY_MAX_AGE = Setting.duration("passwords.policy.maxAge", "0",
            Duration.ZERO, Duration.ofDays(3_650),
            "Age after which a password must be renewed at sign-in; 0 turns this off, as NIST advises.");

    public static final Setting<Integer> POLICY_HISTORY = Setting.integer("passwords.policy.history", 0, 0, 24,
            "How many previous passwords a new one may not repeat.");

    public static final Setting<String> BOOTSTRAP_ADMIN_USERNAME = Setting.text("bootstrap.adminUsername", "admin",
            "a username", Pattern.compile("[\\p{L}\\p{N}._+\\-]{1,64}"),
            "Name of the administrator created at first start when there is none.");

    public static final Setting<Optional<String>> BOOTSTRAP_ADMIN_PASSWORD = Setting.secret("bootstrap.adminPassword",
            "a password that meets the password policy",
            "One-time password of that administrator; without it one is generated and printed once. Either way "
                    + "it must be changed at first use.");

    // Brute-force protection. NIST SP 800-63B §5.2.2 allows at most 100 consecutive failures per account.
    public static final Setting<Duration> ADMIN_MAX_AUTH_AGE = Setting.duration("admin.maxAuthAge", "15m",
            Duration.ofMinutes(1), Duration.ofHours(12), "How recent the two-factor sign-in behind an administrator's "
                    + "token must be for the admin API; an older one gets 401 insufficient_user_authentication with "
                    + "max_age (RFC 9470), and the administrator signs in again.");

    public static final Setting<Integer> PROTECTION_ACCOUNT_DELAY_AFTER = Setting.integer(
            "protection.accounts.delayAfter", 3, 1, 100, "Consecutive failed sign-ins on one account (or one login "
                    + "naming no account) after which each further attempt must wait, 1 s doubling up to "
                    + "protection.maxDelay. Only a success ends the count; no time does.");
    public static final Setting<Integer> PROTECTION_ACCOUNT_LOCK_AFTER = Setting.integer(
            "protection.accounts.lockAfter", 10, 1, 100, "Every this many consecutive failures an account is locked, "
                    + "the first time for protection.accounts.lockDuration and each next time twice as long (at most "
                    + "a day). A locked account is answered like a wrong password.");
    public static final Setting<Duration> PROTECTION_ACCOUNT_LOCK_DURATION = Setting.duration(
            "protection.accounts.lockDuration", "15m", Duration.ofSeconds(1), Duration.ofDays(1),
            "How long an account's first lock lasts (an administrator can unlock it sooner).");
    public static final Setting<Integer> PROTECTION_ACCOUNT_MOST_FAILURES = Setting.integer(
            "protection.accounts.mostFailures", 100, 1, 100, "Consecutive failures after which an account stays "
                    + "locked until an administrator unlocks it or the user resets their password (NIST SP 800-63B "
                    + "allows at most 100). At least protection.accounts.lockAfter.");
    public static final Setting<Integer> PROTECTION_ADDRESS_DELAY_AFTER = Setting.integer(
            "protection.addresses.delayAfter", 20, 1, 10_000, "Failed credential checks (passwords, client secrets "
                    + "and assertions, codes) from one source address after which it is answered 429 with Retry-After until its delay "
                    + "passes. Many phones can share an address behind carrier NAT.");
    public static final Setting<Integer> PROTECTION_ADDRESS_LOCK_AFTER = Setting.integer(
            "protection.addresses.lockAfter", 50, 1, 10_000, "Failed checks from one address after which it is "
                    + "refused for protection.addresses.lockDuration.");
    public static final Setting<Duration> PROTECTION_ADDRESS_LOCK_DURATION = Setting.duration(
            "protection.addresses.lockDuration", "15m", Duration.ofSeconds(1), Duration.ofDays(1),
            "How long an address stays refused.");
    public static final Setting<Duration> PROTECTION_MAX_DELAY = Setting.duration("protection.maxDelay", "30s",
            Duration.ofSeconds(1), Duration.ofHours(1), "The longest wait between attempts before a lock.");
    public static final Setting<Duration> PROTECTION_WINDOW = Setting.duration("protection.window", "15m",
            Duration.ofMinutes(1), Duration.ofDays(1), "An address's failures older than this are forgotten (an "
                    + "account's are not: they count until a success).");

    public static final Setting<String> LOGGING_FORMAT = Setting.choice("logging.format", "json",
            List.of("json", "text"), "json writes one JSON object per line to standard output; text is for people.");

    public static final Setting<String> PRODUCT_NAME = Setting.text("product.name", "Bulwark",
            "1 to 40 letters, digits, spaces or . _ -", Pattern.compile("[\\p{L}\\p{N} ._\\-]{1,40}"),
            "The name users know this service by: shown by authenticator apps beside the account (the otpauth "
                    + "issuer) and in the subjects and texts of emails.");

    public static final Setting<Optional<String>> MAIL_HOST = Setting.optionalText("mail.smtp.host",
            "a host name or address", Pattern.compile("[A-Za-z0-9.:\\-\\[\\]]{1,253}"),
            "The SMTP relay. Unset: no mail, so no emailed codes, password resets or notices.");

    public static final Setting<Integer> MAIL_PORT = Setting.integer("mail.smtp.port", 587, 1, 65_535,
            "The relay's port: 587 for starttls, 465 for tls.");

    public static final Setting<String> MAIL_SECURITY = Setting.choice("mail.smtp.security", "starttls",
            List.of("starttls", "tls", "none"), "starttls upgrades the connection and refuses a relay that cannot; "
                    + "tls connects with TLS at once; both verify the relay's certificate and name. none only in "
                    + "development.");

    public static final Setting<Optional<String>> MAIL_USERNAME = Setting.optionalText("mail.smtp.username",
            "1 to 256 characters without spaces", Pattern.compile("\\S{1,256}"), "The relay's user, when it needs "
                    + "authentication.");

    public static final Setting<Optional<String>> MAIL_PASSWORD = Setting.secret("mail.smtp.password",
            "the relay password", "The relay's password.");

    public static final Setting<Optional<String>> MAIL_FROM = Setting.optionalText("mail.from",
            "an email address", Pattern.compile("[^\\s@]{1,64}@[^\\s@]{1,253}"),
            "The sender of Bulwark's emails; required with mail.smtp.host.");

    public static final Setting<Optional<String>> PASSKEYS_RP_ID = Setting.optionalText("passkeys.rpId",
            "a domain name", Pattern.compile("[A-Za-z0-9.\\-]{1,253}"),
            "The WebAuthn relying party ID passkeys are scoped to. Default: the host of the public URL. A parent "
                    + "domain (example.com for auth.example.com) lets passkeys work across its subdomains.");

    public static final Setting<Optional<String>> PASSKEYS_EXTRA_ORIGINS = Setting.optionalText("passkeys.origins",
            "comma-separated origins", Pattern.compile("[^\\s,]{1,300}(,[^\\s,]{1,300}){0,49}"),
            "Origins that may run passkey ceremonies besides the public URL's: native Android apps as "
                    + "android:apk-key-hash:BASE64URL_SHA256_OF_THE_SIGNING_CERTIFICATE; other web origins of the "
                    + "RP ID's domain. iOS apps use the web origin of their associated domain.");

    public static final Setting<String> PASSKEYS_USER_VERIFICATION = Setting.choice("passkeys.userVerification",
            "required", List.of("required", "preferred"), "Whether a passkey must verify its user (biometric or PIN).");

    public static final Setting<String> PASSKEYS_ATTESTATION = Setting.choice("passkeys.attestation", "none",
            List.of("none", "direct"), "Ask authenticators for attestation statements (checked for integrity; "
                    + "trust anchors for provenance are not configurable yet).");

    public static final Setting<String> PASSKEYS_SIGNATURE_COUNTER = Setting.choice("passkeys.signatureCounter",
            "refuse", List.of("refuse", "accept"), "A passkey whose signature counter did not grow may be a clone: "
                    + "refuse the sign-in, or accept it and record passkey.counter_regressed in the audit trail.");

    public static final Setting<Duration> DPOP_PROOF_LIFETIME = Setting.duration("dpop.proofLifetime", "60s",
            Duration.ofSeconds(5), Duration.ofMinutes(5),
            "How old a DPoP proof's iat may be (RFC 9449 §11.1); proofs are remembered this long to refuse replays.");

    public static final Setting<Boolean> DPOP_REQUIRE_NONCE = Setting.flag("dpop.requireNonce", false,
            "Require a server nonce in every DPoP proof (RFC 9449 §8): clients first get use_dpop_nonce and a "
                    + "DPoP-Nonce header. Limits pre-generated proofs to a few minutes.");

    public static final Setting<Optional<Path>> DEVICE_ANDROID_ROOTS = Setting.optionalPath("device.android.roots",
            "a PEM file, or Google's roots document (a JSON array of PEM certificates)",
            "Trust anchors for Android key attestation, matched by public key: Google's hardware attestation roots "
                    + "(https://android.googleapis.com/attestation/root). Without them Android attestations are "
                    + "refused.");

    public static final Setting<String> DEVICE_ANDROID_STATUS_LIST = Setting.text("device.android.statusList",
            "https://android.googleapis.com/attestation/status",
            "an http(s) URL (https in production), a file path, or none",
            java.util.regex.Pattern.compile("\\S{1,1000}"),
            "Google's attestation status list (revoked and suspended attestation certificates), read when first "
                    + "needed and cached; with no copy, attestations are refused. none skips the check.");

    public static final Setting<Duration> DEVICE_ANDROID_STATUS_LIST_REFRESH = Setting.duration(
            "device.android.statusListRefresh", "1h", Duration.ofMinutes(1), Duration.ofDays(7),
            "How long a copy of the attestation status list is used before it is read again.");

    public static final Setting<Optional<Path>> DEVICE_APP_ATTEST_ROOT = Setting.optionalPath("device.appAttest.root",
            "a PEM file", "The trust anchor for Apple App Attest: Apple's App Attestation Root CA "
                    + "(https://www.apple.com/certificateauthority/Apple_App_Attestation_Root_CA.pem). Without it App "
                    + "Attest attestations are refused.");

    public static final Setting<Optional<Path>> DEVICE_PLAY_INTEGRITY_KEYS_FILE = Setting.optionalPath(
            "device.playIntegrity.keysFile", "a file of lines: client_id, base64 AES-256 key, base64 EC public key",
            "Each app's Play Integrity response keys (decryption and verification, from the Play Console), so that "
                    + "verdicts are decrypted and verified here. Keep it as private as the master key.");

    public static final Setting<String> SMS_PROVIDER = Setting.choice("sms.provider", "none",
            List.of("none", "http", "console"), "How text messages go out: none (no SMS codes), http (a provider's "
                    + "HTTP API, sms.http.*), or console (printed; development only).");

    public static final Setting<Optional<URI>> SMS_HTTP_URL = Setting.optionalUrl("sms.http.url", "(none)",
            "The provider's endpoint that sends a message (https in production).");

    public static final Setting<Optional<String>> SMS_HTTP_USERNAME = Setting.optionalText("sms.http.username",
            "1 to 256 characters without spaces or colons", Pattern.compile("[^\\s:]{1,256}"),
            "HTTP Basic user for the provider (with sms.http.password).");

    public static final Setting<Optional<String>> SMS_HTTP_PASSWORD = Setting.secret("sms.http.password",
            "the provider password", "HTTP Basic password for the provider.");

    public static final Setting<Optional<String>> SMS_HTTP_BEARER_TOKEN = Setting.secret("sms.http.bearerToken",
            "the provider's API token", "A bearer token for the provider, instead of HTTP Basic.");

    public static final Setting<String> SMS_HTTP_CONTENT_TYPE = Setting.choice("sms.http.contentType",
            "application/json", List.of("application/json", "application/x-www-form-urlencoded"),
            "The body's type; {to} and {text} are escaped for it.");

    public static final Setting<String> SMS_HTTP_BODY = Setting.text("sms.http.body",
            "{\"to\":\"{to}\",\"text\":\"{text}\"}", "a template holding {to} and {text}",
            Pattern.compile("(?s)(?=.*\\{to\\})(?=.*\\{text\\}).{1,2000}"),
            "The request body: {to} becomes the E.164 number, {text} the message (for example "
                    + "To={to}&Body={text} for a form).");

    public static final Setting<String> LOGGING_LEVEL = Setting.choice("logging.level", "info",
            List.of("error", "warn", "info", "debug"), "Least severe level logged.");

    public static final List<Setting<?>> ALL = List.of(MODE, DATA_DIR, SERVER_HOST, SERVER_PORT, SERVER_PUBLIC_URL,
            SERVER_TLS_CERTIFICATE, SERVER_TLS_PRIVATE_KEY, SERVER_PROXY_TRUSTED_ADDRESSES, SERVER_METRICS_ALLOWED_ADDRESSES, SERVER_MAX_BODY_BYTES,
            SERVER_LIMITS_SIGN_INS, SERVER_LIMITS_REQUESTS, SERVER_LIMITS_MAX_WAIT, SERVER_MAX_CONNECTIONS,
            SERVER_MAX_HEADER_BYTES, SERVER_SHUTDOWN_GRACE, STORAGE_URL, STORAGE_USERNAME, STORAGE_PASSWORD,
            STORAGE_POOL_SIZE, STORAGE_CONNECT_TIMEOUT, SECRETS_MASTER_KEY, SECRETS_MASTER_KEY_FILE, KEYS_ALGORITHMS,
            KEYS_ACCESS_TOKEN_ALGORITHM, KEYS_ID_TOKEN_ALGORITHM, KEYS_SIGNING_PROVIDER, KEYS_NEXT_KEY_LEAD, KEYS_RETIRED_RETENTION, ARGON2_MEMORY_KIB,
            ARGON2_ITERATIONS, ARGON2_PARALLELISM, ARGON2_IMPLEMENTATION, POLICY_MIN_LENGTH, POLICY_MAX_LENGTH,
            POLICY_MIN_SCORE, POLICY_BLOCKLIST_FILE, POLICY_BREACHED_PASSWORDS_FILE, POLICY_MAX_AGE, POLICY_HISTORY, BOOTSTRAP_ADMIN_USERNAME,
            BOOTSTRAP_ADMIN_PASSWORD, ADMIN_MAX_AUTH_AGE, PROTECTION_ACCOUNT_DELAY_AFTER, PROTECTION_ACCOUNT_LOCK_AFTER,
            PROTECTION_ACCOUNT_LOCK_DURATION, PROTECTION_ACCOUNT_MOST_FAILURES, PROTECTION_ADDRESS_DELAY_AFTER, PROTECTION_ADDRESS_LOCK_AFTER,
            PROTECTION_ADDRESS_LOCK_DURATION, PROTECTION_MAX_DELAY, PROTECTION_WINDOW, PRODUCT_NAME, MAIL_HOST, MAIL_PORT, MAIL_SECURITY, MAIL_USERNAME,
            MAIL_PASSWORD, MAIL_FROM, PASSKEYS_RP_ID, PASSKEYS_EXTRA_ORIGINS, PASSKEYS_USER_VERIFICATION,
            PASSKEYS_ATTESTATION, PASSKEYS_SIGNATURE_COUNTER, DPOP_PROOF_LIFETIME, DPOP_REQUIRE_NONCE,
            DEVICE_ANDROID_ROOTS, DEVICE_ANDROID_STATUS_LIST, DEVICE_ANDROID_STATUS_LIST_REFRESH,
            DEVICE_PLAY_INTEGRITY_KEYS_FILE, DEVICE_APP_ATTEST_ROOT, SMS_PROVIDER, SMS_HTTP_URL, SMS_HTTP_USERNAME, SMS_HTTP_PASSWORD,
            SMS_HTTP_BEARER_TOKEN, SMS_HTTP_CONTENT_TYPE, SMS_HTTP_BODY, LOGGING_FORMAT, LOGGING_LEVEL);
}
