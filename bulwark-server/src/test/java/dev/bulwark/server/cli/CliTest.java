package dev.bulwark.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.server.support.CliRun;
import dev.bulwark.server.support.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI, run in-process exactly as ./bulwark runs it, against a real SQLite database. */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOOD = "violet tractor sings under 7 moons";

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

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not one JSON object: " + text, e);
        }
    }

    @Test
    void whenVersionAskedThenPrinted() {
        CliRun run = bulwark("", "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("bulwark ");
    }

    @Test
    void whenEveryCommandAskedForHelpThenUsage() {
        for (String[] command : new String[][] {{"--help"}, {"serve", "--help"}, {"user", "--help"},
                {"user", "create", "--help"}, {"user", "list", "--help"}, {"user", "show", "--help"},
                {"user", "disable", "--help"}, {"user", "enable", "--help"}, {"user", "delete", "--help"},
                {"user", "set-password", "--help"}, {"audit", "verify", "--help"}, {"audit", "tail", "--help"},
                {"config", "check", "--help"}, {"passwords", "import-blocklist", "--help"}}) {
            CliRun run = bulwark("", command);
            assertThat(run.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(run.out()).as(String.join(" ", command)).contains("Usage: bulwark");
        }
    }

    @Test
    void whenUnknownCommandOrOptionThenUsageErrorExitCode2() {
        assertThat(bulwark("", "frobnicate").exitCode()).isEqualTo(Cli.USAGE);
        assertThat(bulwark("", "user", "list", "--colour").exitCode()).isEqualTo(Cli.USAGE);
    }

    @Test
    void whenUserCreatedWithPasswordFromStdinThenJsonHasIdAndNoSecret() {
        CliRun run = bulwark(GOOD + "\n", "user", "create", "alice", "--email", "alice@example.com", "--phone",
                "+14155550123", "--admin", "--password-stdin", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode user = json(run.out());
        assertThat(user.get("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(user.get("username").asText()).isEqualTo("alice");
        assertThat(user.get("roles").get(0).asText()).isEqualTo("admin");
        assertThat(user.at("/password/set").asBoolean()).isTrue();
        assertThat(user.at("/password/must_change").asBoolean()).isFalse();
        assertThat(run.out()).doesNotContain(GOOD).doesNotContain("argon2");
    }

    @Test
    void whenUserListedShownDisabledEnabledThenStateFollows() {
        bulwark(GOOD, "user", "create", "bob", "--password-stdin");

        assertThat(json(bulwark("", "user", "list", "--json").out()).get("users")).hasSize(1);
        assertThat(bulwark("", "user", "list").out()).contains("bob").contains("active");
        assertThat(json(bulwark("", "user", "disable", "BOB", "--json").out()).get("status").asText())
                .isEqualTo("disabled");
        assertThat(json(bulwark("", "user", "show", "bob", "--json").out()).get("status").asText())
                .isEqualTo("disabled");
        String id = json(bulwark("", "user", "enable", "bob", "--json").out()).get("id").asText();
        assertThat(json(bulwark("", "user", "show", id, "--json").out()).get("status").asText()).isEqualTo("active");
    }

    @Test
    void whenPasswordBreaksPolicyThenEachViolationOnItsOwnLineAndNothingCreated() {
        CliRun run = bulwark("carol\n", "user", "create", "carol", "--password-stdin");

        assertThat(run.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(run.err()).contains("does not meet the password policy").contains("  - Use at least 12 characters.");
        assertThat(bulwark("", "user", "show", "carol").exitCode()).isEqualTo(Cli.FAILED);
    }

    @Test
    void whenUsernameTakenThenRefusedWithoutStackTrace() {
        bulwark("", "user", "create", "dave");

        CliRun run = bulwark("", "user", "create", "DAVE");

        assertThat(run.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(run.err().strip()).isEqualTo("bulwark: That username is already taken.");
    }

    @Test
    void whenPasswordStdinEmptyThenUsageError() {
        CliRun run = bulwark("", "user", "create", "erin", "--password-stdin");

        assertThat(run.exitCode()).isEqualTo(Cli.USAGE);
        assertThat(run.err()).contains("no password on standard input");
    }

    @Test
    void whenSetPasswordThenOneTimeFlagShown() {
        bulwark("", "user", "create", "frank");

        CliRun run = bulwark(GOOD + "\r\n", "user", "set-password", "frank", "--password-stdin", "--must-change", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(json(run.out()).at("/password/must_change").asBoolean()).isTrue();
    }

    @Test
    void whenDeleteWithoutYesThenRefusedAndKept() {
        bulwark("", "user", "create", "gina");

        assertThat(bulwark("", "user", "delete", "gina").exitCode()).isEqualTo(Cli.USAGE);
        assertThat(bulwark("", "user", "show", "gina").exitCode()).isZero();
        assertThat(bulwark("", "user", "delete", "gina", "--yes").exitCode()).isZero();
        assertThat(bulwark("", "user", "show", "gina").err()).contains("No user gina.");
    }

    @Test
    void whenAuditTailedThenJsonLinesOldestFirst() {
        bulwark("", "user", "create", "hank");
        bulwark("", "user", "disable", "hank");

        String[] lines = bulwark("", "audit", "tail", "-n", "2").out().strip().split("\n");

        assertThat(lines).hasSize(2);
        assertThat(json(lines[0]).get("type").asText()).isEqualTo("user.created");
        assertThat(json(lines[1]).get("type").asText()).isEqualTo("user.disabled");
        assertThat(json(lines[1]).get("actor").asText()).startsWith("cli:");
        assertThat(json(lines[0]).at("/details/username").asText()).isEqualTo("hank");
    }

    @Test
    void whenAuditRecordEditedInTheDatabaseThenVerifyNamesItAndFails() throws Exception {
        bulwark("", "user", "create", "ivan");
        bulwark("", "user", "create", "judy");
        bulwark("", "user", "create", "kate");
        assertThat(bulwark("", "audit", "verify").out()).contains("intact: 3 records");

        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("data/bulwark.db"));
             var statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE audit_events SET details = replace(details, 'judy', 'mallory') "
                    + "WHERE sequence = 2");
        }
        CliRun run = bulwark("", "audit", "verify", "--json");

        assertThat(run.exitCode()).isEqualTo(Cli.FAILED);
        JsonNode result = json(run.out());
        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("findings").get(0).get("sequence").asInt()).isEqualTo(2);
        assertThat(result.get("findings").get(0).get("problem").asText()).isEqualTo("altered");
    }

    @Test
    void whenAuditRecordDeletedInTheDatabaseThenVerifySaysWhichIsMissing() throws Exception {
        for (String name : new String[] {"lena", "mike", "nora"}) {
            bulwark("", "user", "create", name);
        }
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("data/bulwark.db"));
             var statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM audit_events WHERE sequence = 2");
        }

        CliRun run = bulwark("", "audit", "verify");

        assertThat(run.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(run.out()).contains("record 2 is missing before record 3").contains("BROKEN");
    }

    @Test
    void whenNewestAuditRecordsDeletedThenTheHeadKeptEarlierRevealsIt() throws Exception {
        for (String name : new String[] {"oscar", "paula", "quinn"}) {
            bulwark("", "user", "create", name);
        }
        String head = json(bulwark("", "audit", "verify", "--json").out()).get("head").asText();
        assertThat(head).startsWith("3:");
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("data/bulwark.db"));
             var statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM audit_events WHERE sequence = 3");
        }

        assertThat(bulwark("", "audit", "verify").exitCode()).as("a shorter chain alone looks intact").isZero();
        CliRun run = bulwark("", "audit", "verify", "--expect-head", head);
        assertThat(run.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(run.out()).contains("no longer holds the head recorded earlier (record 3)");
        assertThat(bulwark("", "audit", "verify", "--expect-head", "nonsense").exitCode()).isEqualTo(Cli.USAGE);
    }

    @Test
    void whenReadingCommandRunsWhereNoBulwarkIsThenRefusedAndNothingCreated() {
        CliRun verify = bulwark("", "audit", "verify");
        CliRun list = bulwark("", "user", "list");

        assertThat(verify.exitCode()).isEqualTo(Cli.DATABASE_UNREACHABLE);
        assertThat(verify.err()).contains("there is no database at");
        assertThat(list.exitCode()).isEqualTo(Cli.DATABASE_UNREACHABLE);
        assertThat(directory.resolve("data")).doesNotExist();
    }

    @Test
    void whenBootstrapPasswordTooWeakThenConfigCheckNamesIt() {
        environment = TestConfigs.environment(directory, "BULWARK_BOOTSTRAP_ADMIN_PASSWORD", "admin123");

        CliRun run = bulwark("", "config", "check");

        assertThat(run.exitCode()).isEqualTo(Cli.INVALID_CONFIGURATION);
        assertThat(run.err()).contains("bootstrap.adminPassword: the value does not meet the password policy")
                .doesNotContain("admin123");
    }

    @Test
    void whenConfigValidThenCheckSaysSo() throws Exception {
        Path file = Files.writeString(directory.resolve("bulwark.yaml"), "server:\n  port: 9000\n");

        CliRun run = bulwark("", "config", "check", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("configuration valid").contains("bulwark.yaml");
    }

    @Test
    void whenConfigInvalidThenCheckPrintsOneLinePerProblemAndExitCode3() throws Exception {
        Path file = Files.writeString(directory.resolve("broken.yaml"), "server:\n  limits:\n    maxBodyBytes: lots\nmode: staging\n");

        CliRun run = bulwark("", "config", "check", file.toString());

        assertThat(run.exitCode()).isEqualTo(Cli.INVALID_CONFIGURATION);
        assertThat(run.err().strip().split("\n")).hasSize(2).allSatisfy(line ->
                assertThat(line).startsWith("bulwark: invalid configuration: "));
        assertThat(run.err()).contains("server.limits.maxBodyBytes (from broken.yaml): \"lots\" is not an integer; allowed:");
    }

    @Test
    void whenDatabaseUnreachableThenOneLineAndExitCode4() {
        environment = TestConfigs.environment(directory, "BULWARK_STORAGE_URL",
                "jdbc:postgresql://127.0.0.1:1/bulwark", "BULWARK_STORAGE_CONNECT_TIMEOUT", "1s");

        CliRun run = bulwark("", "user", "list");

        assertThat(run.exitCode()).isEqualTo(Cli.DATABASE_UNREACHABLE);
        assertThat(run.err()).startsWith("bulwark: cannot connect to the database at jdbc:postgresql://127.0.0.1:1/bulwark")
                .doesNotContain("\tat ");
    }
}
