package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.app.SecondFactorPolicy;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.mfa.FactorKind;
import dev.bulwark.core.testing.MovableClock;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.ApiCalls;
import dev.bulwark.server.support.ChallengeSignIn;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestLogin;
import dev.bulwark.server.support.TestOAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Biometric device keys over real HTTP, with a P-256 key the test makes as a phone's Keystore would: registration
 * through the account API, sign-in without a password by signing the server's challenge, step-up after a password,
 * and every refusal (a replayed or foreign signature, an expired challenge, a private or wrong-curve key).
 */
class DeviceKeyTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";
    private static final MovableClock CLOCK = new MovableClock(Instant.now());
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory), CLOCK, new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        server.bulwark().apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        server.bulwark().apps().create(TestApps.nativeApp("bank-app", new SecondFactorPolicy(
                SecondFactorPolicy.Requirement.REQUIRED, EnumSet.allOf(FactorKind.class), Scopes.NONE)), Actor.SYSTEM);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String newUser() {
        String name = "holder" + USERS.incrementAndGet();
        server.bulwark().accounts().create(NewUser.named(Username.of(name)), Optional.of(Password.of(PASSWORD)), false,
                Actor.SYSTEM);
        return name;
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String jwk(KeyPair pair) {
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).build().toJSONString();
    }

    /** What the phone does after the biometric prompt: sign the challenge's UTF-8 bytes (DER, as Keystore does). */
    private static String sign(KeyPair pair, String challenge, String algorithm) throws Exception {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(pair.getPrivate());
        signer.update(challenge.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    }

    private static String register(String name, KeyPair pair) {
        String access = TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid bulwark:account", name + "-phone")
                .get("access_token").asText();
        HttpResponse<String> registered = ApiCalls.call(base, "POST", "account/v1/device-keys", access,
                "{\"public_key\":" + jwk(pair) + ",\"name\":\"Pixel 9\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        JsonNode key = TestOAuth.json(registered);
        assertThat(key.get("protection").asText()).isEqualTo("unverified");
        assertThat(key.has("device_id")).as("bound to the device it was registered from").isTrue();
        return key.get("id").asText();
    }

    private static ChallengeSignIn signIn(String client) {
        return new ChallengeSignIn(base, client, "openid");
    }

    private static ChallengeSignIn signIn(String client, String scope) {
        return new ChallengeSignIn(base, client, scope);
    }

    @Test
    void whenThePhoneSignsTheChallengeThenTheUserIsSignedInWithoutAPasswordAndTheSignatureWorksOnce() throws Exception {
        String name = newUser();
        KeyPair phone = p256();
        String keyId = register(name, phone);

        ChallengeSignIn signIn = signIn("shop-app");
        JsonNode challenged = signIn.send("device_key_id", keyId);
        assertThat(challenged.get("error").asText()).isEqualTo("insufficient_authorization");
        String challenge = challenged.get("device_key_challenge").asText();
        assertThat(Base64.getUrlDecoder().decode(challenge)).hasSize(32);
        String signature = sign(phone, challenge, "SHA256withECDSA");
        JWTClaimsSet claims = signIn.idToken(signIn.send("device_key_id", keyId, "device_key_signature", signature));

        assertThat(claims.getSubject()).isNotBlank();
        assertThat(claims.getStringListClaim("amr")).containsExactly("swk");
        assertThat(claims.getStringClaim("acr")).isEqualTo("urn:bulwark:aal1");

        ChallengeSignIn replay = signIn("shop-app");
        replay.send("device_key_id", keyId);
        assertThat(replay.send("device_key_id", keyId, "device_key_signature", signature).get("error").asText())
                .as("a signature over another sign-in's challenge").isEqualTo("access_denied");
        String fresh = replay.send("device_key_id", keyId).get("device_key_challenge").asText();
        assertThat(replay.send("device_key_id", keyId, "device_key_signature", sign(p256(), fresh,
                "SHA256withECDSA")).get("error").asText()).as("another key's signature").isEqualTo("access_denied");
        String again = replay.send("device_key_id", keyId).get("device_key_challenge").asText();
        assertThat(replay.idToken(replay.send("device_key_id", keyId, "device_key_signature",
                sign(phone, again, "SHA256withECDSAinP1363Format"))).getStringListClaim("amr"))
                .as("raw r||s signatures too").containsExactly("swk");
    }

    @Test
    void whenTheChallengeExpiresOrTheKeyIsRemovedThenTheSignatureIsRefused() throws Exception {
        String name = newUser();
        KeyPair phone = p256();
        String keyId = register(name, phone);
        ChallengeSignIn late = signIn("shop-app");
        String challenge = late.send("device_key_id", keyId).get("device_key_challenge").asText();
        CLOCK.advance(Duration.ofMinutes(3));
        assertThat(late.send("device_key_id", keyId, "device_key_signature", sign(phone, challenge,
                "SHA256withECDSA")).get("error").asText()).isEqualTo("access_denied");

        ChallengeSignIn keyOnly = signIn("shop-app", "openid bulwark:account");
        String keyChallenge = keyOnly.send("device_key_id", keyId).get("device_key_challenge").asText();
        String weak = keyOnly.tokens(keyOnly.send("device_key_id", keyId, "device_key_signature", sign(phone,
                keyChallenge, "SHA256withECDSA"))).get("access_token").asText();
        assertThat(ApiCalls.call(base, "DELETE", "account/v1/device-keys/" + keyId, weak, null).statusCode())
                .as("one factor may not remove a factor").isEqualTo(401);

        ChallengeSignIn strong = signIn("shop-app", "openid bulwark:account");
        strong.send("username", name, "password", PASSWORD);
        String strongChallenge = strong.send("device_key_id", keyId).get("device_key_challenge").asText();
        String access = strong.tokens(strong.send("device_key_id", keyId, "device_key_signature", sign(phone,
                strongChallenge, "SHA256withECDSA"))).get("access_token").asText();
        assertThat(ApiCalls.get(base, "account/v1/device-keys", access).body()).contains(keyId);
        assertThat(ApiCalls.call(base, "DELETE", "account/v1/device-keys/" + keyId, access, null).statusCode())
                .isEqualTo(204);
        assertThat(signIn("shop-app").send("device_key_id", keyId).get("error").asText())
                .isEqualTo("access_denied");
    }

    @Test
    void whenASecondFactorIsRequiredThenADeviceKeyPassesItAfterThePassword() throws Exception {
        String name = newUser();
        KeyPair phone = p256();
        String keyId = register(name, phone);

        ChallengeSignIn signIn = signIn("bank-app");
        JsonNode asked = signIn.send("username", name, "password", PASSWORD);
        assertThat(asked.get("factors")).extracting(JsonNode::asText).contains("device_key");
        String challenge = signIn.send("device_key_id", keyId).get("device_key_challenge").asText();
        JWTClaimsSet claims = signIn.idToken(signIn.send("device_key_id", keyId, "device_key_signature",
                sign(phone, challenge, "SHA256withECDSA")));

        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "swk", "mfa");
        assertThat(claims.getStringClaim("acr")).isEqualTo("urn:bulwark:aal2");
    }

    @Test
    void whenTheKeyIsPrivateOrNotP256ThenRegistrationIsRefused() throws Exception {
        String name = newUser();
        String access = TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid bulwark:account", name + "-x")
                .get("access_token").asText();
        KeyPair pair = p256();
        String withPrivate = new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic())
                .privateKey(pair.getPrivate()).build().toJSONString();
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        String wrongCurve = new ECKey.Builder(Curve.P_384, (ECPublicKey) p384.generateKeyPair().getPublic()).build()
                .toJSONString();

        for (String bad : List.of(withPrivate, wrongCurve, "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}")) {
            HttpResponse<String> refused = ApiCalls.call(base, "POST", "account/v1/device-keys", access,
                    "{\"public_key\":" + bad + ",\"name\":\"bad\"}");
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).doesNotContain(pair.getPrivate().toString());
        }
        assertThat(TestOAuth.json(ApiCalls.get(base, "account/v1/device-keys", access)).get("device_keys")).isEmpty();
    }
}
