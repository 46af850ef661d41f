package dev.bulwark.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.PasswordBlocklist;
import dev.bulwark.server.support.CliRun;
import dev.bulwark.server.support.TestConfigs;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./bulwark passwords import-blocklist}: a "Have I Been Pwned" list imported, then refused wherever a password
 * is set; a list too large for memory refused in the word-list setting with advice rather than loaded.
 */
class PasswordsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Strong by zxcvbn, so only the breached list can refuse it. */
    private static final String BREACHED = "quiet harbour lantern 58 mosaic";
    private static final String RARELY_BREACHED = "amber glacier whistles 41 tangos";
    private static final String GOOD = "violet tractor sings under 7 moons";
    private static final int ENTRIES = 200_000;

    @TempDir
    Path directory;
    Map<String, String> environment;

    @BeforeEach
    void environment() {
        environment = TestConfigs.environment(directory);
    }

    private CliRun bulwark(String stdin, String... args) {
        return CliRun.run(directory, environment, stdin, args);
    }

    private static String sha1(String password) {
        return HexFormat.of().withUpperCase().formatHex(PasswordBlocklist.sha1(Password.of(password)));
    }

    /** An HIBP file: 200,000 hashes with counts, the two passwords above among them. */
    private Path hibpFile() throws IOException {
        Path file = directory.resolve("pwned.txt");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < ENTRIES; i++) {
                out.write(sha1("leaked password " + i) + ":" + (1 + i % 50) + "\r\n");
                if (i == ENTRIES / 2) {
                    out.write(sha1(BREACHED) + ":24230\r\n");
                    out.write(sha1(RARELY_BREACHED) + ":1\r\n");
                }
            }
        }
        return file;
    }

    @Test
    void whenAnHibpListIsImportedThenItsPasswordsAreRefusedAndOthersAccepted() throws Exception {
        CliRun imported = bulwark("", "passwords", "import-blocklist", hibpFile().toString(), "--json");

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        var result = JSON.readTree(imported.out());
        assertThat(result.get("entries").asLong()).isEqualTo(ENTRIES + 2);
        assertThat(result.get("lines").asLong()).isEqualTo(ENTRIES + 2);
        assertThat(result.get("file").asText()).endsWith("breached-passwords.bin");
        assertThat(imported.err()).as("a progress line").contains("read 200,002 lines");

        CliRun refused = bulwark(BREACHED + "\n", "user", "create", "alice", "--password-stdin");
        assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).contains("on a list of common or breached passwords").doesNotContain(BREACHED);
        assertThat(bulwark("", "user", "show", "alice").exitCode()).as("nothing created").isEqualTo(Cli.FAILED);
        assertThat(bulwark(RARELY_BREACHED + "\n", "user", "create", "alice", "--password-stdin").exitCode())
                .isEqualTo(Cli.FAILED);
        CliRun accepted = bulwark(GOOD + "\n", "user", "create", "alice", "--password-stdin");
        assertThat(accepted.exitCode()).as(accepted.err()).isZero();
    }

    @Test
    void whenAMinimumCountIsGivenThenRarerBreachesAreSkipped() throws Exception {
        CliRun imported = bulwark("", "passwords", "import-blocklist", hibpFile().toString(), "--min-count", "10",
                "--json");

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        var result = JSON.readTree(imported.out());
        assertThat(result.get("skipped").asLong()).isEqualTo(ENTRIES * 9 / 50 + 1);
        assertThat(result.get("entries").asLong()).isEqualTo(ENTRIES * 41 / 50 + 1);
        assertThat(bulwark(BREACHED + "\n", "user", "create", "bob", "--password-stdin").exitCode())
                .isEqualTo(Cli.FAILED);
        assertThat(bulwark(RARELY_BREACHED + "\n", "user", "create", "bob", "--password-stdin").exitCode())
                .as("seen once: under the minimum").isZero();
    }

    @Test
    void whenImportedAgainFromStandardInputThenTheNewListReplacesTheOld() throws Exception {
        bulwark("", "passwords", "import-blocklist", hibpFile().toString());

        CliRun again = bulwark(RARELY_BREACHED + "\n", "passwords", "import-blocklist", "-");

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).startsWith("imported 1 distinct entries from 1 lines");
        assertThat(bulwark(BREACHED + "\n", "user", "create", "carol", "--password-stdin").exitCode()).isZero();
        assertThat(bulwark(RARELY_BREACHED + "\n", "user", "set-password", "carol", "--password-stdin")
                .exitCode()).isEqualTo(Cli.FAILED);
    }

    @Test
    void whenTheFileIsMissingOrTheCountWrongThenUsageErrorAndNoListWritten() {
        assertThat(bulwark("", "passwords", "import-blocklist", directory.resolve("absent.txt").toString())
                .exitCode()).isEqualTo(Cli.USAGE);
        assertThat(bulwark("", "passwords", "import-blocklist", "-", "--min-count", "0").exitCode())
                .isEqualTo(Cli.USAGE);
        assertThat(directory.resolve("data/breached-passwords.bin")).doesNotExist();
    }

    @Test
    void whenABreachedCorpusIsGivenAsTheInMemoryListThenConfigurationRefusesItWithAdvice() throws Exception {
        environment = TestConfigs.environment(directory, "BULWARK_PASSWORDS_POLICY_BLOCKLIST_FILE",
                hibpFile().toString()); // 8.4 MB: more than an in-memory list may hold

        CliRun check = bulwark("", "config", "check");
        CliRun create = bulwark(GOOD + "\n", "user", "create", "dave", "--password-stdin");

        assertThat(check.exitCode()).isEqualTo(Cli.INVALID_CONFIGURATION);
        assertThat(check.err().strip().lines()).hasSize(1).first().asString()
                .contains("passwords.policy.blocklistFile").contains("passwords import-blocklist");
        assertThat(create.exitCode()).isEqualTo(Cli.INVALID_CONFIGURATION);
        assertThat(create.err()).doesNotContain("\tat ").doesNotContain("OutOfMemoryError");
    }

    @Test
    void whenTheConfiguredListIsNotOneThenConfigurationSaysHowToBuildIt() throws Exception {
        Path text = Files.writeString(directory.resolve("list.txt"), "123456\npassword\n");
        environment = TestConfigs.environment(directory, "BULWARK_PASSWORDS_POLICY_BREACHED_PASSWORDS_FILE",
                text.toString());

        CliRun check = bulwark("", "config", "check");

        assertThat(check.exitCode()).isEqualTo(Cli.INVALID_CONFIGURATION);
        assertThat(check.err()).contains("passwords.policy.breachedPasswordsFile").contains("import-blocklist");
    }
}
