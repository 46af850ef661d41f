package dev.bulwark.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dir;

    private BulwarkConfig load(String yaml, Map<String, String> environment) throws IOException {
        Optional<Path> file = Optional.empty();
        if (yaml != null) {
            file = Optional.of(Files.writeString(dir.resolve("custom.yaml"), yaml));
        }
        return ConfigLoader.load(file, environment, dir);
    }

    private List<String> problems(String yaml, Map<String, String> environment) {
        try {
            load(yaml, environment);
        } catch (ConfigException e) {
            return e.problems();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the configuration to be refused");
    }

    @Test
    void whenNothingGivenThenDocumentedDefaults() throws IOException {
        BulwarkConfig config = load(null, Map.of());

        assertThat(config.production()).isFalse();
        assertThat(config.get(Settings.SERVER_HOST)).isEqualTo("127.0.0.1");
        assertThat(config.get(Settings.SERVER_PORT)).isEqualTo(8080);
        assertThat(config.get(Settings.SERVER_MAX_BODY_BYTES)).isEqualTo(65_536);
        assertThat(config.get(Settings.ARGON2_MEMORY_KIB)).isEqualTo(19_456);
        assertThat(config.get(Settings.ARGON2_ITERATIONS)).isEqualTo(2);
        assertThat(config.get(Settings.ARGON2_PARALLELISM)).isEqualTo(1);
        assertThat(config.get(Settings.POLICY_MIN_LENGTH)).isEqualTo(12);
        assertThat(config.get(Settings.POLICY_MAX_AGE)).isEqualTo(Duration.ZERO);
        assertThat(config.storageUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve("data/bulwark.db").normalize());
        assertThat(config.publicUrl().toString()).isEqualTo("http://127.0.0.1:8080");
        assertThat(config.overridden()).isEmpty();
    }

    @Test
    void whenYamlGivenThenNestedKeysRead() throws IOException {
        BulwarkConfig config = load("""
                server:
                  port: 9090
                  proxy:
                    trustedAddresses: [10.0.0.0/8, "::1"]
                passwords:
                  policy:
                    maxAge: 90d
                """, Map.of());

        assertThat(config.get(Settings.SERVER_PORT)).isEqualTo(9090);
        assertThat(config.get(Settings.POLICY_MAX_AGE)).isEqualTo(Duration.ofDays(90));
        assertThat(config.get(Settings.SERVER_PROXY_TRUSTED_ADDRESSES)).extracting(Object::toString)
                .containsExactly("10.0.0.0/8", "::1");
        assertThat(config.overridden()).containsExactlyInAnyOrder(Settings.SERVER_PORT, Settings.POLICY_MAX_AGE,
                Settings.SERVER_PROXY_TRUSTED_ADDRESSES);
    }

    @Test
    void whenEnvironmentSetThenItOverridesTheFile() throws IOException {
        BulwarkConfig config = load("server:\n  port: 9090\n", Map.of("BULWARK_SERVER_PORT", "9191",
                "BULWARK_PASSWORDS_ARGON2_MEMORY_KIB", "7168", "BULWARK_SERVER_PROXY_TRUSTED_ADDRESSES", "1.2.3.4, 5.6.7.0/24"));

        assertThat(config.get(Settings.SERVER_PORT)).isEqualTo(9191);
        assertThat(config.get(Settings.ARGON2_MEMORY_KIB)).isEqualTo(7168);
        assertThat(config.get(Settings.SERVER_PROXY_TRUSTED_ADDRESSES)).hasSize(2);
    }

    @Test
    void whenValueOutOfRangeThenOneLineNamingKeyProblemAndAllowed() {
        assertThat(problems("server:\n  port: 99999\n", Map.of())).containsExactly(
                "server.port (from custom.yaml): \"99999\" is out of range; allowed: an integer from 0 to 65535");
    }

    @Test
    void whenEnvironmentValueInvalidThenSourceIsTheVariable() {
        assertThat(problems(null, Map.of("BULWARK_MODE", "staging"))).containsExactly(
                "mode (from BULWARK_MODE): \"staging\" is not a known choice; allowed: one of development, production");
    }

    @Test
    void whenSecretInvalidThenValueNotEchoed() {
        List<String> problems = problems(null, Map.of("BULWARK_SECRETS_MASTER_KEY", "hunter2-not-a-key"));

        assertThat(problems).singleElement().asString().startsWith("secrets.masterKey (from BULWARK_SECRETS_MASTER_KEY): "
                + "the value is not the base64 of 32 bytes").doesNotContain("hunter2");
    }

    @Test
    void whenUnknownKeyThenRefusedWithSuggestion() {
        assertThat(problems("server:\n  prot: 8080\n", Map.of())).containsExactly(
                "custom.yaml: unknown setting 'server.prot'; did you mean server.port?");
        assertThat(problems(null, Map.of("BULWARK_SERVER_PROT", "1"))).containsExactly(
                "environment variable BULWARK_SERVER_PROT: unknown setting; did you mean BULWARK_SERVER_PORT?");
    }

    @Test
    void whenSeveralProblemsThenAllReportedEachOnOneLine() {
        List<String> problems = problems("""
                server:
                  port: -1
                  limits:
                    maxBodyBytes: lots
                logging:
                  level: loud
                """, Map.of());

        assertThat(problems).hasSize(3).allSatisfy(p -> assertThat(p).doesNotContain("\n"));
    }

    @Test
    void whenYamlMalformedThenLineAndColumn() {
        assertThat(problems("server:\n  port: 1\n   host: x\n", Map.of())).singleElement().asString()
                .startsWith("custom.yaml: line 3, column");
    }

    @Test
    void whenDuplicateKeyThenRefused() {
        assertThat(problems("server:\n  port: 1\n  port: 2\n", Map.of())).singleElement().asString()
                .contains("not valid YAML").contains("port");
    }

    @Test
    void whenSectionGivenAsValueThenRefused() {
        assertThat(problems("server: 8080\n", Map.of())).singleElement().asString()
                .contains("unknown setting 'server'");
    }

    @Test
    void whenNamedFileMissingThenRefused() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("nope.yaml")), Map.of(), dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.yaml: not found");
    }

    @Test
    void whenBulwarkYamlInWorkingDirectoryThenReadImplicitly() throws IOException {
        Files.writeString(dir.resolve("bulwark.yaml"), "server:\n  port: 7070\n");

        BulwarkConfig config = ConfigLoader.load(Optional.empty(), Map.of(), dir);

        assertThat(config.get(Settings.SERVER_PORT)).isEqualTo(7070);
        assertThat(config.file()).contains(dir.resolve("bulwark.yaml"));
    }

    @Test
    void whenConfigVariableNamesFileThenRead() throws IOException {
        Path file = Files.writeString(dir.resolve("elsewhere.yaml"), "server:\n  port: 7171\n");

        BulwarkConfig config = ConfigLoader.load(Optional.empty(), Map.of("BULWARK_CONFIG", file.toString()), dir);

        assertThat(config.get(Settings.SERVER_PORT)).isEqualTo(7171);
    }

    @Test
    void whenOnlyHalfOfTlsGivenThenRefused() throws IOException {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");

        assertThat(problems(null, Map.of("BULWARK_SERVER_TLS_CERTIFICATE", cert.toString()))).containsExactly(
                "server.tls.privateKey: missing; allowed: both server.tls.certificate and server.tls.privateKey, or neither");
    }

    @Test
    void whenNamedFileMissingForSettingThenRefused() {
        assertThat(problems(null, Map.of("BULWARK_PASSWORDS_POLICY_BLOCKLIST_FILE", "missing.txt")))
                .singleElement().asString().startsWith("passwords.policy.blocklistFile (from "
                        + "BULWARK_PASSWORDS_POLICY_BLOCKLIST_FILE): \"missing.txt\" names a file that does not exist");
    }

    @Test
    void whenProductionWithoutTlsProxyOrKeyThenEveryInsecureSettingRefused() {
        List<String> problems = problems("mode: production\npasswords:\n  argon2:\n    memoryKib: 1024\n", Map.of());

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("mode: production needs TLS");
        assertThat(problems.get(1)).startsWith("secrets.masterKey: production refuses generated development keys");
        assertThat(problems.get(2)).startsWith("passwords.argon2: m=1024 KiB with t=2 is weaker than OWASP's");
    }

    @Test
    void whenProductionHashingHasEnoughMemoryButTooFewPassesThenRefused() {
        String base = "mode: production\nserver:\n  publicUrl: https://id.example.com\n  proxy:\n"
                + "    trustedAddresses: [10.0.0.1]\n";
        assertThat(problems(base + "passwords:\n  argon2:\n    memoryKib: 7168\n    iterations: 1\n",
                Map.of("BULWARK_SECRETS_MASTER_KEY", KEY))).singleElement().asString().startsWith("passwords.argon2:");
        assertThat(problems(base + "passwords:\n  argon2:\n    memoryKib: 12288\n    iterations: 3\n",
                Map.of("BULWARK_SECRETS_MASTER_KEY", KEY + "x"))).singleElement().asString()
                .startsWith("secrets.masterKey"); // 12288 × 3 passes; only the broken key is reported
    }

    @Test
    void whenProductionTrustsEveryAddressAsProxyThenRefused() {
        assertThat(problems("mode: production\nserver:\n  publicUrl: https://id.example.com\n  proxy:\n"
                + "    trustedAddresses: [0.0.0.0/0]\n", Map.of("BULWARK_SECRETS_MASTER_KEY", KEY)))
                .singleElement().asString().startsWith("server.proxy.trustedAddresses: trusting every address");
    }

    /** Security review, item 9: production read the attestation status list over plain http. */
    @Test
    void whenProductionReadsTheAttestationStatusListOverHttpThenRefused() throws IOException {
        String base = "mode: production\nserver:\n  publicUrl: https://id.example.com\n  proxy:\n"
                + "    trustedAddresses: [10.0.0.1]\n";
        assertThat(problems(base + "device:\n  android:\n    statusList: http://mirror.example/status\n",
                Map.of("BULWARK_SECRETS_MASTER_KEY", KEY))).singleElement().asString()
                .startsWith("device.android.statusList: production reads the attestation status list only over https");
        assertThat(load(base + "device:\n  android:\n    statusList: https://mirror.example/status\n",
                Map.of("BULWARK_SECRETS_MASTER_KEY", KEY)).get(Settings.DEVICE_ANDROID_STATUS_LIST))
                .isEqualTo("https://mirror.example/status");
        assertThat(load("device:\n  android:\n    statusList: http://127.0.0.1:9/status\n", Map.of())
                .get(Settings.DEVICE_ANDROID_STATUS_LIST)).as("development may use a local mirror")
                .isEqualTo("http://127.0.0.1:9/status");
    }

    @Test
    void whenStorageUrlInvalidThenItsCredentialsAreNotEchoed() {
        List<String> problems = problems(null, Map.of("BULWARK_STORAGE_URL",
                "jdbc:postgres://bob:hunter2@db/bulwark?password=hunter3"));

        assertThat(problems).singleElement().asString().startsWith("storage.url (from BULWARK_STORAGE_URL): ")
                .doesNotContain("hunter2").doesNotContain("hunter3").contains("jdbc:postgres://…@db/bulwark?…");
    }

    @Test
    void whenKubernetesServiceLinksInTheEnvironmentThenIgnored() throws IOException {
        BulwarkConfig config = load(null, Map.of("BULWARK_SERVICE_HOST", "10.1.2.3", "BULWARK_SERVICE_PORT", "8080",
                "BULWARK_PORT", "tcp://10.1.2.3:8080", "BULWARK_PORT_8080_TCP_ADDR", "10.1.2.3"));

        assertThat(config.overridden()).isEmpty();
    }

    @Test
    void whenProductionBehindProxyWithHttpsUrlAndKeyThenAccepted() throws IOException {
        BulwarkConfig config = load("mode: production\nserver:\n  publicUrl: https://id.example.com\n  proxy:\n"
                + "    trustedAddresses: [10.0.0.1]\n", Map.of("BULWARK_SECRETS_MASTER_KEY", KEY));

        assertThat(config.production()).isTrue();
        assertThat(config.publicUrl().toString()).isEqualTo("https://id.example.com");
    }

    @Test
    void whenProductionBehindProxyWithoutHttpsPublicUrlThenRefused() {
        assertThat(problems("mode: production\nserver:\n  proxy:\n    trustedAddresses: [10.0.0.1]\n",
                Map.of("BULWARK_SECRETS_MASTER_KEY", KEY))).singleElement().asString().startsWith("server.publicUrl");
    }

    @Test
    void whenDurationsParsedThenEveryUnitWorks() throws IOException {
        assertThat(load(null, Map.of("BULWARK_STORAGE_CONNECT_TIMEOUT", "500ms")).get(Settings.STORAGE_CONNECT_TIMEOUT))
                .isEqualTo(Duration.ofMillis(500));
        assertThat(load(null, Map.of("BULWARK_SERVER_SHUTDOWN_GRACE", "2m")).get(Settings.SERVER_SHUTDOWN_GRACE))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(problems(null, Map.of("BULWARK_SERVER_SHUTDOWN_GRACE", "1 minute"))).singleElement().asString()
                .contains("is not a duration");
    }

    @Test
    void whenAddressRangeGivenThenContainsWorksForV4AndV6() throws Exception {
        AddressRange v4 = AddressRange.parse("10.1.0.0/16");
        AddressRange v6 = AddressRange.parse("2001:db8::/32");

        assertThat(v4.contains(InetAddress.getByName("10.1.200.3"))).isTrue();
        assertThat(v4.contains(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(v6.contains(InetAddress.getByName("2001:db8:1::7"))).isTrue();
        assertThat(v6.contains(InetAddress.getByName("10.1.0.1"))).isFalse();
        assertThatThrownBy(() -> AddressRange.parse("proxy.example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenEnvironmentNameDerivedThenUpperSnakeCase() {
        assertThat(Settings.ARGON2_MEMORY_KIB.environmentVariable()).isEqualTo("BULWARK_PASSWORDS_ARGON2_MEMORY_KIB");
        assertThat(Settings.DATA_DIR.environmentVariable()).isEqualTo("BULWARK_DATA_DIR");
        assertThat(Settings.ALL).extracting(Setting::environmentVariable).doesNotHaveDuplicates();
    }
}
