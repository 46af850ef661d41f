package dev.bulwark.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.server.support.CliRun;
import dev.bulwark.server.support.TestConfigs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./bulwark app ..., in-process against a real SQLite database. */
class AppCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;
    Map<String, String> environment;

    @BeforeEach
    void environment() {
        environment = TestConfigs.environment(directory);
    }

    private CliRun bulwark(String... args) {
        return CliRun.run(directory, environment, "", args);
    }

    private static JsonNode json(CliRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        try {
            return JSON.readTree(run.out());
        } catch (Exception e) {
            throw new AssertionError(run.out(), e);
        }
    }

    /** Security review, item 1: a third-party app was registered with bulwark:account by default. */
    @Test
    void whenAThirdPartyAppIsRegisteredThenItHasNoBulwarkScopeAndCannotBeGivenOne() {
        JsonNode app = json(bulwark("app", "create", "--type", "native", "--client-id", "partner-ios",
                "--redirect-uri", "com.partner.app:/callback", "--json"));
        assertThat(app.get("scope").asText()).isEqualTo("email openid profile");

        CliRun refused = bulwark("app", "create", "--type", "native", "--client-id", "partner-android",
                "--redirect-uri", "com.partner.app:/callback", "--scope", "openid", "--scope", "bulwark:account");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("first-party apps only");
    }

    /** Security review, item 7: administration only from an app for it, first-party, with short sessions. */
    @Test
    void whenAnAppForAdministrationIsRegisteredThenItIsFirstPartyWithShortSessionsAndAloneMayAskForAdmin() {
        JsonNode console = json(bulwark("app", "create", "--type", "native", "--client-id", "console", "--first-party",
                "--admin", "--redirect-uri", "http://127.0.0.1/callback", "--scope", "openid", "--scope",
                "bulwark:admin", "--json"));
        assertThat(console.get("administration").asBoolean()).isTrue();
        assertThat(console.get("session_idle_timeout").asText()).isEqualTo("15m");
        assertThat(console.get("session_absolute_lifetime").asText()).isEqualTo("8h");

        assertThat(bulwark("app", "create", "--type", "native", "--client-id", "shop", "--first-party",
                "--redirect-uri", "com.shop.app:/callback", "--scope", "bulwark:admin").err())
                .contains("only for an app marked for administration");
        assertThat(bulwark("app", "create", "--type", "native", "--client-id", "partner", "--admin",
                "--redirect-uri", "com.partner.app:/callback").err()).contains("first-party");
        assertThat(bulwark("app", "update", "console", "--session-idle", "1h").err()).contains("15 minutes");
    }

    @Test
    void whenNativeAppCreatedThenPublicClientWithDefaultsAndNoSecret() {
        JsonNode app = json(bulwark("app", "create", "--type", "native", "--name", "Shop", "--client-id", "shop-ios",
                "--redirect-uri", "com.example.shop:/callback", "--first-party", "--json"));

        assertThat(app.get("client_id").asText()).isEqualTo("shop-ios");
        assertThat(app.has("client_secret")).isFalse();
        assertThat(app.get("token_endpoint_auth_method").asText()).isEqualTo("none");
        assertThat(app.get("grant_types").toString()).isEqualTo("[\"authorization_code\",\"refresh_token\"]");
        assertThat(app.get("scope").asText()).as("no app gets Bulwark's own APIs by default")
                .isEqualTo("email openid profile");
        assertThat(app.get("first_party").asBoolean()).isTrue();
        assertThat(app.get("session_idle_timeout").asText()).isEqualTo("30m");
        assertThat(app.get("access_token_lifetime").asText()).isEqualTo("5m");
    }

    @Test
    void whenASecondFactorPolicyIsGivenThenItIsStoredAndUpdatesKeepWhatWasNotGiven() {
        JsonNode created = json(bulwark("app", "create", "--type", "native", "--client-id", "bank-ios", "--first-party",
                "--second-factor", "sensitive_scopes", "--sensitive-scope", "payments", "--scope", "openid",
                "--scope", "payments", "--json"));
        assertThat(created.get("second_factor").asText()).isEqualTo("sensitive_scopes");
        assertThat(created.get("second_factors").toString())
                .isEqualTo("[\"device_key\",\"email_code\",\"passkey\",\"recovery_code\",\"totp\"]");
        assertThat(created.get("sensitive_scopes").asText()).isEqualTo("payments");

        JsonNode updated = json(bulwark("app", "update", "bank-ios", "--second-factors", "totp", "--json"));
        assertThat(updated.get("second_factor").asText()).isEqualTo("sensitive_scopes");
        assertThat(updated.get("second_factors").toString()).isEqualTo("[\"totp\"]");
        CliRun refused = bulwark("app", "update", "bank-ios", "--second-factor", "sometimes");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("off, optional, required, sensitive_scopes");
        assertThat(json(bulwark("app", "show", "bank-ios", "--json")).get("second_factors").toString())
                .isEqualTo("[\"totp\"]");
    }

    @Test
    void whenServiceCreatedThenSecretShownOnceAndNeverAgain() {
        JsonNode created = json(bulwark("app", "create", "--type", "service", "--name", "Orders", "--scope", "orders:read",
                "--json"));
        String clientId = created.get("client_id").asText();
        String secret = created.get("client_secret").asText();

        assertThat(clientId).startsWith("app-");
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
        CliRun show = bulwark("app", "show", clientId, "--json");
        assertThat(show.out()).doesNotContain(secret).doesNotContain("\"client_secret\"");
        assertThat(bulwark("app", "list").out()).contains(clientId).doesNotContain(secret);
        assertThat(bulwark("audit", "tail", "-n", "5").out()).contains("app.created").doesNotContain(secret);
    }

    @Test
    void whenUpdatedThenOnlyGivenOptionsChangeAndNewSecretReplacesOld() {
        String clientId = json(bulwark("app", "create", "--type", "service", "--name", "Orders", "--json"))
                .get("client_id").asText();

        JsonNode updated = json(bulwark("app", "update", clientId, "--scope", "orders:read", "--scope", "orders:write",
                "--access-token-lifetime", "10m", "--new-secret", "--json"));

        assertThat(updated.get("name").asText()).isEqualTo("Orders");
        assertThat(updated.get("scope").asText()).isEqualTo("orders:read orders:write");
        assertThat(updated.get("access_token_lifetime").asText()).isEqualTo("10m");
        assertThat(updated.get("client_secret").asText()).isNotBlank();
    }

    @Test
    void whenRedirectUriNotAllowedThenRefusedWithReason() {
        CliRun run = bulwark("app", "create", "--type", "native", "--redirect-uri", "http://localhost/cb");

        assertThat(run.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(run.err()).contains("loopback IP literals").contains("RFC 8252");
    }

    @Test
    void whenNativeAppWithoutRedirectUriAndNotFirstPartyThenRefused() {
        CliRun run = bulwark("app", "create", "--type", "native");

        assertThat(run.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(run.err()).contains("needs at least one redirect URI");
    }

    @Test
    void whenKeysRotatedThenNextKeySignsAfterTheLeadOrWhenForced() {
        json(bulwark("app", "create", "--type", "native", "--client-id", "any", "--first-party", "--json"));
        CliRun early = bulwark("keys", "rotate");
        assertThat(early.exitCode()).as("no keys yet: rotation creates them, but the new next key is too fresh")
                .isEqualTo(Cli.FAILED);

        JsonNode forced = json(bulwark("keys", "rotate", "--force", "--json"));
        JsonNode keys = json(bulwark("keys", "list", "--json"));

        assertThat(forced.get("rotated")).hasSize(2);
        assertThat(keys.get("keys").findValuesAsText("state")).contains("active", "next");
        assertThat(keys.toString()).doesNotContain("\"d\"");
    }

    @Test
    void whenDeletedWithYesThenGone() {
        json(bulwark("app", "create", "--type", "native", "--client-id", "gone-app", "--first-party", "--json"));

        assertThat(bulwark("app", "delete", "gone-app").exitCode()).isEqualTo(Cli.USAGE);
        assertThat(bulwark("app", "delete", "gone-app", "--yes").exitCode()).isZero();
        assertThat(bulwark("app", "show", "gone-app").err()).contains("No app gone-app.");
    }
}
