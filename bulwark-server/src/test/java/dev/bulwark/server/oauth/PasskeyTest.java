package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.app.SecondFactorPolicy;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.mfa.FactorKind;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.ApiCalls;
import dev.bulwark.server.support.ChallengeSignIn;
import dev.bulwark.server.support.SoftwareAuthenticator;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestLogin;
import dev.bulwark.server.support.TestOAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native passkey ceremonies as JSON (what Android Credential Manager and iOS AuthenticationServices exchange),
 * over real HTTP, with a software authenticator the test builds: registration through the account API, sign-in
 * without a username on the challenge endpoint, a passkey as the second factor, and the checks that must refuse.
 */
class PasskeyTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";
    private static final String ANDROID_ORIGIN = "android:apk-key-hash:uVe1ZSbtnVlmnX4C8OjINv1GBMEMnJ3lKDTSQw1bTBE";
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;
    static String webOrigin;

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory, "BULWARK_PASSKEYS_ORIGINS", ANDROID_ORIGIN),
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        webOrigin = base.getScheme() + "://" + base.getRawAuthority();
        server.bulwark().apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        server.bulwark().apps().create(TestApps.nativeApp("bank-app", new SecondFactorPolicy(
                SecondFactorPolicy.Requirement.REQUIRED, EnumSet.allOf(FactorKind.class), Scopes.NONE)), Actor.SYSTEM);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String newUser() {
        String name = "passkeyholder" + USERS.incrementAndGet();
        server.bulwark().accounts().create(NewUser.named(Username.of(name)), Optional.of(Password.of(PASSWORD)), false,
                Actor.SYSTEM);
        return name;
    }

    private static String accountToken(String name) {
        return TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid bulwark:account", name + "-phone")
                .get("access_token").asText();
    }

    private static HttpResponse<String> register(String access, SoftwareAuthenticator authenticator, String origin) {
        HttpResponse<String> asked = ApiCalls.call(base, "POST", "account/v1/passkeys/options", access, "{}");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        JsonNode options = TestOAuth.json(asked);
        return ApiCalls.call(base, "POST", "account/v1/passkeys", access, "{\"name\":\"Pixel 9\",\"response\":"
                + authenticator.register(options, origin) + "}");
    }

    private static ChallengeSignIn signIn(String client) {
        return new ChallengeSignIn(base, client, "openid");
    }

    private static ChallengeSignIn signIn(String client, String scope) {
        return new ChallengeSignIn(base, client, scope);
    }

    @Test
    void whenAPasskeyIsRegisteredFromTheAppThenItSignsInWithoutAUsernameAsTwoFactors() throws Exception {
        String name = newUser();
        String access = accountToken(name);
        SoftwareAuthenticator phone = new SoftwareAuthenticator(false);
        JsonNode options = TestOAuth.json(ApiCalls.call(base, "POST", "account/v1/passkeys/options", access, "{}"));
        assertThat(options.get("authenticatorSelection").get("residentKey").asText()).isEqualTo("required");
        assertThat(options.get("authenticatorSelection").get("userVerification").asText()).isEqualTo("required");
        assertThat(options.get("rp").get("id").asText()).isEqualTo(base.getHost());
        assertThat(options.get("user").get("name").asText()).isEqualTo(name);
        HttpResponse<String> registered = ApiCalls.call(base, "POST", "account/v1/passkeys", access,
                "{\"name\":\"Pixel 9\",\"response\":" + phone.register(options, ANDROID_ORIGIN) + "}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(TestOAuth.json(registered).get("id").asText()).isEqualTo(phone.credentialId());

        ChallengeSignIn signIn = signIn("shop-app");
        JsonNode asked = signIn.send("passkey", "request");
        assertThat(asked.get("error").asText()).isEqualTo("insufficient_authorization");
        JsonNode request = asked.get("passkey_options");
        assertThat(request.get("allowCredentials")).isEmpty();
        JWTClaimsSet claims = signIn.idToken(signIn.send("passkey_response", phone.authenticate(request,
                ANDROID_ORIGIN)));

        assertThat(claims.getStringListClaim("amr")).containsExactly("hwk", "user", "mfa");
        assertThat(claims.getStringClaim("acr")).isEqualTo("urn:bulwark:aal2");
        JsonNode listed = TestOAuth.json(ApiCalls.get(base, "account/v1/passkeys", access));
        assertThat(listed.get("passkeys").get(0).get("name").asText()).isEqualTo("Pixel 9");
        assertThat(listed.get("passkeys").get(0).has("last_used_at")).isTrue();
    }

    @Test
    void whenTheCeremonyIsWrongInAnyOneWayThenItIsRefused() throws Exception {
        String name = newUser();
        String access = accountToken(name);
        SoftwareAuthenticator phone = new SoftwareAuthenticator(true);
        assertThat(register(access, phone, "https://evil.example").statusCode()).as("a foreign origin")
                .isEqualTo(400);
        assertThat(register(access, phone, webOrigin).statusCode()).isEqualTo(201);
        assertThat(ApiCalls.call(base, "POST", "account/v1/passkeys/options", access, "{}").statusCode())
                .as("with a passkey now, changes need two factors").isEqualTo(401);
        ChallengeSignIn strong = signIn("shop-app", "openid bulwark:account");
        JsonNode strongOptions = strong.send("passkey", "request").get("passkey_options");
        String strongAccess = strong.tokens(strong.send("passkey_response", phone.authenticate(strongOptions,
                webOrigin))).get("access_token").asText();
        HttpResponse<String> again = register(strongAccess, phone, webOrigin);
        assertThat(again.statusCode()).as("the same credential twice").isEqualTo(409);

        ChallengeSignIn replayed = signIn("shop-app");
        JsonNode options = replayed.send("passkey", "request").get("passkey_options");
        String assertion = phone.authenticate(options, webOrigin);
        assertThat(replayed.idToken(replayed.send("passkey_response", assertion)).getStringListClaim("amr"))
                .as("a synced passkey").containsExactly("swk", "user", "mfa");
        ChallengeSignIn replay = signIn("shop-app");
        replay.send("passkey", "request");
        assertThat(replay.send("passkey_response", assertion).get("error").asText()).as("an assertion replayed")
                .isEqualTo("access_denied");

        ChallengeSignIn withoutVerification = signIn("shop-app");
        phone.verifiesUser = false;
        JsonNode fresh = withoutVerification.send("passkey", "request").get("passkey_options");
        assertThat(withoutVerification.send("passkey_response", phone.authenticate(fresh, webOrigin)).get("error")
                .asText()).as("no user verification").isEqualTo("access_denied");
        phone.verifiesUser = true;

        ChallengeSignIn cloned = signIn("shop-app");
        phone.counter(0);
        JsonNode clonedOptions = cloned.send("passkey", "request").get("passkey_options");
        assertThat(cloned.send("passkey_response", phone.authenticate(clonedOptions, webOrigin)).get("error")
                .asText()).as("a signature counter that went back").isEqualTo("access_denied");

        ChallengeSignIn impostor = signIn("shop-app");
        phone.counter(100);
        JsonNode impostorOptions = impostor.send("passkey", "request").get("passkey_options");
        assertThat(impostor.send("passkey_response", phone.authenticate(impostorOptions, webOrigin,
                "c29tZW9uZS1lbHNl")).get("error").asText()).as("another user's handle").isEqualTo("access_denied");
    }

    @Test
    void whenASecondFactorIsRequiredThenAPasskeyPassesItAfterThePassword() throws Exception {
        String name = newUser();
        SoftwareAuthenticator phone = new SoftwareAuthenticator(false);
        assertThat(register(accountToken(name), phone, ANDROID_ORIGIN).statusCode()).isEqualTo(201);

        ChallengeSignIn signIn = signIn("bank-app");
        JsonNode asked = signIn.send("username", name, "password", PASSWORD);
        assertThat(asked.get("factors")).extracting(JsonNode::asText).contains("passkey");
        JsonNode options = signIn.send("passkey", "request").get("passkey_options");
        JWTClaimsSet claims = signIn.idToken(signIn.send("passkey_response", phone.authenticate(options,
                ANDROID_ORIGIN)));

        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "hwk", "user", "mfa");
        assertThat(claims.getStringClaim("acr")).isEqualTo("urn:bulwark:aal2");
    }
}
