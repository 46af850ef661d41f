package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditRecord;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.server.ops.Logging;
import dev.bulwark.server.support.CliRun;
import dev.bulwark.server.support.Http;
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
}
