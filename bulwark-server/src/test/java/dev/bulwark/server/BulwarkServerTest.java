package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.server.config.ConfigException;
import dev.bulwark.server.ops.KeyFilePermissions;
import dev.bulwark.server.support.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting Bulwark: the bootstrap administrator, warnings about exposure, and keys kept private. */
class BulwarkServerTest {
    @TempDir
    Path directory;

    private String start(String... environment) {
        var console = new ByteArrayOutputStream();
        try (BulwarkServer server = BulwarkServer.start(TestConfigs.config(directory, environment), Clock.systemUTC(),
                new PrintStream(console, true, StandardCharsets.UTF_8))) {
            assertThat(server.port()).isPositive();
        }
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void whenFirstStartedThenOneTimePasswordShownOnceAndNeverAgain() {
        String first = start();
        String second = start();

        assertThat(first).contains("Bootstrap administrator: admin").containsPattern("One-time password .*: "
                + "[a-z2-9]{5}(-[a-z2-9]{5}){5}");
        assertThat(second).doesNotContain("One-time password").doesNotContain("Bootstrap administrator");
    }

    @Test
    void whenBootstrapPasswordConfiguredThenItIsUsedAndNotPrinted() {
        String password = "violet tractor sings under 7 moons";

        String banner = start("BULWARK_BOOTSTRAP_ADMIN_PASSWORD", password);

        assertThat(banner).contains("BULWARK_BOOTSTRAP_ADMIN_PASSWORD").doesNotContain(password);
    }

    @Test
    void whenBootstrapPasswordBreaksThePolicyThenAConfigurationErrorNamesTheSetting() {
        assertThatThrownBy(() -> start("BULWARK_BOOTSTRAP_ADMIN_PASSWORD", "admin123"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith("bootstrap.adminPassword: the value does not meet the password policy")
                        .doesNotContain("admin123"));
    }

    @Test
    void whenDevelopmentListensBeyondLoopbackWithoutTlsThenWarned() {
        assertThat(start("BULWARK_SERVER_HOST", "0.0.0.0")).contains("WARNING: plain HTTP on 0.0.0.0");
        assertThat(start()).doesNotContain("WARNING");
    }

    @Test
    void whenGeneratedDevelopmentKeyThenOwnerOnly() throws Exception {
        start();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                directory.resolve("data/dev-master.key")))).isEqualTo("rw-------");
    }

    @Test
    void whenKeyFileReadableByOthersThenProductionRefusesAndDevelopmentOnlyWarns() throws Exception {
        Path key = Files.writeString(directory.resolve("master.key"), "x");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> KeyFilePermissions.check(key, "secrets.masterKeyFile", true))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
                        .contains("secrets.masterKeyFile").contains("rw-r--r--").contains("chmod 600"));
        KeyFilePermissions.check(key, "secrets.masterKeyFile", false);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        KeyFilePermissions.check(key, "secrets.masterKeyFile", true);
    }
}
