package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditRecord;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.server.ops.Logging;
import dev.bulwark.server.support.CliRun;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.support.ApiCalls;
import dev.bulwark.server.support.Form;
import dev.bulwark.server.support.Http;
import dev.bulwark.server.support.TestBrowser;
import dev.bulwark.server.support.TestLogin;
import dev.bulwark.server.support.TestOAuth;
import dev.bulwark.server.support.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Performs every credential operation with known secrets, at debug log level, then searches all log output,
 * everything printed, every audit row and the database files for those secrets. Any hit fails the test.
 */
class SecretsNeverLeakTest {
    @TempDir
    Path directory;

    private final List<String> secrets = new ArrayList<>();
    private final StringBuilder everythingPrinted = new StringBuilder();

    private String secret(String prefix) {
        byte[] random = new byte[9];
        new SecureRandom().nextBytes(random);
        String value = prefix + " " + HexFormat.of().formatHex(random) + " zebra lantern";
        secrets.add(value);
        return value;
    }

    private CliRun cli(Map<String, String> environment, String stdin, String... args) {
        CliRun run = CliRun.run(directory, environment, stdin, args);
        everythingPrinted.append(run.out()).append(run.err());
        return run;
    }

    @Test
    void whenEveryCredentialOperationRunsThenNoSecretAppearsAnywhere() throws Exception {
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        String masterKey = Base64.getEncoder().encodeToString(keyBytes);
        secrets.add(masterKey);
        String bootstrapPassword = secret("bootstrap");
        String storagePassword = secret("storage");
        Map<String, String> environment = TestConfigs.environment(directory,
                "BULWARK_LOGGING_LEVEL", "debug",
                "BULWARK_SECRETS_MASTER_KEY", masterKey,
                "BULWARK_BOOTSTRAP_ADMIN_PASSWORD", bootstrapPassword,
                "BULWARK_STORAGE_PASSWORD", storagePassword);

        // CLI: create with a password, set one, refuse a weak one, refuse a malformed key in configuration.
        String first = secret("first");
        String second = secret("second");
        assertThat(cli(environment, first + "\n", "user", "create", "alice", "--password-stdin", "--json").exitCode())
                .isZero();
        assertThat(cli(environment, second + "\n", "user", "set-password", "alice", "--password-stdin").exitCode())
                .isZero();
        String weak = "alice" + HexFormat.of().formatHex(new byte[] {7});
        secrets.add(weak);
        assertThat(cli(environment, weak, "user", "set-password", "alice", "--password-stdin").exitCode()).isNotZero();
        String badKey = secret("not-a-key");
        var badEnvironment = new java.util.HashMap<>(environment);
        badEnvironment.put("BULWARK_SECRETS_MASTER_KEY", badKey);
        assertThat(cli(badEnvironment, "", "config", "check").exitCode()).isNotZero();

        // Server: bootstrap administrator, requests carrying secrets in query and headers, then the services.
        var logs = new ByteArrayOutputStream();
        var console = new ByteArrayOutputStream();
        var config = dev.bulwark.server.config.ConfigLoader.load(java.util.Optional.empty(), environment, directory);
        Logging.configure("json", "debug", logs);
        try (BulwarkServer server = BulwarkServer.start(config, Clock.systemUTC(), new PrintStream(console))) {
            URI base = server.url().resolve("/");
            String inQuery = secret("query");
            String inHeader = secret("header");
            Http.get(base, "health/live?password=" + java.net.URLEncoder.encode(inQuery, StandardCharsets.UTF_8),
                    "Authorization", "Bearer " + inHeader.replace(' ', '-'));
            secrets.add(inHeader.replace(' ', '-'));
            Http.get(base, "no/" + "such?token=" + java.net.URLEncoder.encode(inQuery, StandardCharsets.UTF_8));

            Bulwark bulwark = server.bulwark();
            var authentication = bulwark.passwordAuthentication();
            String wrong = secret("wrong");
            String typedAsUsername = secret("typed-as-username").replace(' ', '_');
            secrets.add(typedAsUsername);
            assertThat(authentication.verify("alice", Password.of(second), java.util.Optional.empty(), Actor.ANONYMOUS).signInAllowed()).isTrue();
            assertThat(authentication.verify("alice", Password.of(wrong), java.util.Optional.empty(), Actor.ANONYMOUS).signInAllowed()).isFalse();
            assertThat(authentication.verify(typedAsUsername, Password.of(second), java.util.Optional.empty(), Actor.ANONYMOUS).signInAllowed()).isFalse();
            assertThat(authentication.verify("admin", Password.of(bootstrapPassword), java.util.Optional.empty(), Actor.ANONYMOUS).outcome().name())
                    .isEqualTo("CHANGE_REQUIRED");
            var admin = bulwark.accounts().find("admin").orElseThrow();
            String third = secret("third");
            try {
                bulwark.accounts().changePassword(admin.id(), Password.of(wrong), Password.of(third),
                        java.util.Optional.empty(), Actor.user(admin.id()));
            } catch (DomainException expected) {
                everythingPrinted.append(expected.getMessage()).append(expected.violations());
            }
            bulwark.accounts().changePassword(admin.id(), Password.of(bootstrapPassword), Password.of(third),
                    java.util.Optional.empty(), Actor.user(admin.id()));
            assertThat(authentication.verify("admin", Password.of(third), java.util.Optional.empty(), Actor.ANONYMOUS).outcome().name())
                    .isEqualTo("VERIFIED");

            tokenServiceOverHttp(bulwark, base, second);

            List<AuditRecord> audit = bulwark.audit().latest(10_000);
            assertThat(audit).extracting(AuditRecord::type).contains("user.created", "password.changed",
                    "credential.verified", "credential.failed", "configuration.loaded");
            audit.forEach(record -> everythingPrinted.append(record).append('\n'));
        }
        String logText = logs.toString(StandardCharsets.UTF_8);
        assertThat(logText).contains("\"request_id\"").contains("bulwark started");
        everythingPrinted.append(logText).append(console.toString(StandardCharsets.UTF_8));

        List<String> databaseFiles = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory.resolve("data"))) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals("dev-master.key")) {
                    databaseFiles.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
            }
        }

        String printed = everythingPrinted.toString();
        for (String secret : secrets) {
            assertThat(printed).as("logs, output and audit rows").doesNotContain(secret);
            for (String part : secret.split(" ")) {
                if (part.length() >= 12) {
                    assertThat(printed).as("a fragment of a secret").doesNotContain(part);
                }
            }
            for (String file : databaseFiles) {
                assertThat(file).as("database files").doesNotContain(secret);
            }
        }
    }

    /** Every secret of the token service over HTTP: passwords, codes, verifiers, tokens, client secrets. */
    private void tokenServiceOverHttp(Bulwark bulwark, URI base, String password) throws Exception {
        bulwark.apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        String clientSecret = bulwark.apps().create(TestApps.resourceServer("orders-api"), Actor.SYSTEM).clientSecret()
                .orElseThrow();
        secrets.add(clientSecret);
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        secrets.add(pkce.verifier());
        String authSession = TestOAuth.json(Form.of("client_id", "shop-app", "response_type", "code", "scope",
                "openid bulwark:account", "code_challenge", pkce.challenge(), "code_challenge_method", "S256")
                .post(base, "oauth2/authorize-challenge")).get("auth_session").asText();
        secrets.add(authSession);
        var challenged = TestOAuth.json(Form.of("client_id", "shop-app", "auth_session", authSession,
                "username", "alice", "password", password).post(base, "oauth2/authorize-challenge"));
        String code = challenged.get("authorization_code").asText();
        secrets.add(code);
        var tokens = TestOAuth.json(Form.of("grant_type", "authorization_code", "client_id", "shop-app", "code", code,
                "code_verifier", pkce.verifier()).post(base, "oauth2/token"));
        for (String name : List.of("access_token", "refresh_token", "id_token")) {
            secrets.add(tokens.get(name).asText());
        }
        var refreshed = TestOAuth.json(TestLogin.refresh(base, "shop-app", tokens.get("refresh_token").asText()));
        secrets.add(refreshed.get("refresh_token").asText());
        secrets.add(refreshed.get("access_token").asText());
        String wrongSecret = secret("wrong-client-secret").replace(' ', '-');
        secrets.add(wrongSecret);
        Form.of("grant_type", "client_credentials").basic("orders-api", wrongSecret).post(base, "oauth2/token");
        var service = TestOAuth.json(Form.of("grant_type", "client_credentials").basic("orders-api", clientSecret)
                .post(base, "oauth2/token"));
        secrets.add(service.get("access_token").asText());
        Form.of("token", refreshed.get("access_token").asText()).basic("orders-api", clientSecret)
                .post(base, "oauth2/introspect");
        Http.get(base, "oauth2/userinfo", "Authorization", "Bearer " + refreshed.get("access_token").asText());
        String next = secret("changed-over-api");
        ApiCalls.call(base, "POST", "account/v1/password", refreshed.get("access_token").asText(),
                "{\"current_password\":\"" + password + "\",\"new_password\":\"" + next + "\"}");

        TestBrowser browser = new TestBrowser(base);
        TestOAuth.Pkce browserPkce = TestOAuth.pkce();
        var page = browser.get("oauth2/authorize?client_id=shop-app&response_type=code&redirect_uri="
                + java.net.URLEncoder.encode("com.example.app:/callback", StandardCharsets.UTF_8)
                + "&code_challenge=" + browserPkce.challenge() + "&code_challenge_method=S256");
        secrets.add(TestBrowser.requestHandle(page));
        String wrongInBrowser = secret("wrong-in-browser");
        browser.post("ui/sign-in", browser.origin(), "request", TestBrowser.requestHandle(page), "username", "alice",
                "password", wrongInBrowser);
        var redirect = browser.post("ui/sign-in", browser.origin(), "request", TestBrowser.requestHandle(page),
                "username", "alice", "password", next);
        secrets.add(TestBrowser.redirectParameters(redirect).get("code"));
        secondFactorsOverHttp(base, refreshed.get("access_token").asText(), next);
        Form.of("token", refreshed.get("refresh_token").asText(), "client_id", "shop-app").post(base, "oauth2/revoke");
    }

    /** An authenticator enrolled, recovery codes made, a sign-in with each, and wrong codes on the way. */
    private void secondFactorsOverHttp(URI base, String accessToken, String password) throws Exception {
        var enrolment = TestOAuth.json(ApiCalls.call(base, "POST", "account/v1/factors/totp", accessToken, "{}"));
        String seedText = enrolment.get("secret").asText();
        secrets.add(seedText);
        secrets.add(enrolment.get("otpauth_uri").asText());
        byte[] seed = dev.bulwark.server.support.TestAuthenticator.base32(seedText);
        java.time.Instant now = java.time.Instant.now();
        var confirmed = TestOAuth.json(ApiCalls.call(base, "POST", "account/v1/factors/totp/"
                + enrolment.get("id").asText() + "/confirm", accessToken, "{\"code\":\""
                + dev.bulwark.server.support.TestAuthenticator.code(seed, now.minusSeconds(30)) + "\"}"));
        List<String> recoveryCodes = new ArrayList<>();
        confirmed.get("recovery_codes").forEach(code -> recoveryCodes.add(code.asText()));
        assertThat(recoveryCodes).hasSize(10);
        secrets.addAll(recoveryCodes);
        String wrongRecoveryCode = "zzzz-" + secret("wrong-recovery").replaceAll("[^a-z2-7]", "z").substring(0, 20);
        secrets.add(wrongRecoveryCode);

        TestOAuth.Pkce pkce = TestOAuth.pkce();
        secrets.add(pkce.verifier());
        var asked = TestOAuth.json(Form.of("client_id", "shop-app", "response_type", "code", "scope", "openid",
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256", "username", "alice",
                "password", password).post(base, "oauth2/authorize-challenge"));
        String authSession = asked.get("auth_session").asText();
        secrets.add(authSession);
        Form.of("client_id", "shop-app", "auth_session", authSession, "recovery_code", wrongRecoveryCode)
                .post(base, "oauth2/authorize-challenge");
        var passed = TestOAuth.json(Form.of("client_id", "shop-app", "auth_session", authSession, "recovery_code",
                recoveryCodes.get(0)).post(base, "oauth2/authorize-challenge"));
        secrets.add(passed.get("authorization_code").asText());
    }
}
