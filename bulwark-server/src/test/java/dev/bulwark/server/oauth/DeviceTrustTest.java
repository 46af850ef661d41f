package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.DevicePolicy;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditRecord;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.testing.AndroidAttestationCa;
import dev.bulwark.core.testing.AndroidAttestationCa.Description;
import dev.bulwark.core.testing.PlayIntegrityTokens;
import dev.bulwark.core.testing.AppAttestCa;
import dev.bulwark.core.oauth.DeviceTrust;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.ChallengeSignIn;
import dev.bulwark.server.support.Form;
import dev.bulwark.server.support.Http;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestOAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device trust over real HTTP: a phone attests a hardware key (Android key attestation, chains from the test's own
 * CA configured as the trust anchor) with the nonce the challenge endpoint hands out, signs in, and signs its DPoP
 * proofs with that key; the app's device policy is held at sign-in, at the code exchange, at every refresh and per
 * scope, and refusals say why.
 */
class DeviceTrustTest {
    private static final String PASSWORD = "amber lighthouse counts 9 ravens";
    private static final String SIGNING = HexFormat.of().formatHex(AndroidAttestationCa.SIGNING_DIGEST);
    private static final AndroidAttestationCa CA = new AndroidAttestationCa();
    /** A second hierarchy, also trusted, whose intermediate the status list says is revoked. */
    private static final AndroidAttestationCa REVOKED_CA = new AndroidAttestationCa();
    private static final PlayIntegrityTokens PLAY = new PlayIntegrityTokens();
    private static final AppAttestCa APPLE = new AppAttestCa();
    private static final String IOS_APP = "ABCDE12345.com.example.bank";

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;
    static String issuer;

    @BeforeAll
    static void start() throws Exception {
        Path roots = directory.resolve("android-roots.pem");
        Files.writeString(roots, pem(CA.rootCertificate()) + pem(REVOKED_CA.rootCertificate()));
        Path statusList = directory.resolve("status.json");
        String revoked = REVOKED_CA.chain(AndroidAttestationCa.generate(), Description.healthy(new byte[0])).get(1)
                .getSerialNumber().toString(16);
        Files.writeString(statusList, "{\"entries\":{\"" + revoked + "\":{\"status\":\"REVOKED\","
                + "\"reason\":\"KEY_COMPROMISE\"}}}");
        Path appleRoot = directory.resolve("app-attest-root.pem");
        Files.writeString(appleRoot, pem(APPLE.rootCertificate()));
        Path playKeys = directory.resolve("play-integrity-keys");
        Files.writeString(playKeys, "# client_id decryption verification\n" + PLAY.keyFileLine("games") + "\n");
        server = BulwarkServer.start(TestConfigs.config(directory, "BULWARK_DEVICE_ANDROID_ROOTS", roots.toString(),
                        "BULWARK_DEVICE_ANDROID_STATUS_LIST", statusList.toString(),
                        "BULWARK_DEVICE_PLAY_INTEGRITY_KEYS_FILE", playKeys.toString(),
                        "BULWARK_DEVICE_APP_ATTEST_ROOT", appleRoot.toString()), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        issuer = server.bulwark().protocol().issuer();
        server.bulwark().accounts().create(NewUser.named(Username.of("dana")), Optional.of(Password.of(PASSWORD)),
                false, Actor.SYSTEM);
        app("bank", "integrity=strong android_package=com.example.bank signing_certificates=" + SIGNING);
        app("wallet", "integrity=attested_key min_os_patch=202606 scope.payments=strongbox");
        app("notes", "integrity=none");
        app("loose", "integrity=none refresh_binding=off");
        app("games", "integrity=attested_key android_package=com.example.games signing_certificates=" + SIGNING);
        app("ios-bank", "integrity=attested_key min_os_patch=202601 ios_app_id=" + IOS_APP + " app_attest=development");
        app("ios-strict", "integrity=strong ios_app_id=" + IOS_APP + " app_attest=development");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void app(String clientId, String policy) {
        AppDefinition d = TestApps.nativeApp(clientId, DevicePolicy.parse(policy));
        server.bulwark().apps().create(d.toBuilder().scopes(Scopes.parse(d.scopes().text() + " payments")).build(), Actor.SYSTEM);
    }

    private static void tighten(String clientId, String policy) {
        AppDefinition d = server.bulwark().apps().find(new dev.bulwark.core.app.ClientId(clientId)).orElseThrow()
                .definition();
        server.bulwark().apps().update(d.toBuilder().devices(DevicePolicy.parse(policy)).build(), Actor.SYSTEM);
    }

    /** A phone: its hardware key (the one it attests and signs DPoP proofs with). */
    private record Phone(KeyPair key, ECKey jwk) {
        static Phone create() {
            KeyPair key = AndroidAttestationCa.generate();
            return new Phone(key, new ECKey.Builder(Curve.P_256, (ECPublicKey) key.getPublic())
                    .privateKey((ECPrivateKey) key.getPrivate()).build());
        }

        String proof(String method, String path, Optional<String> accessToken) throws Exception {
            return DpopTest.proof(jwk, method, issuer + path, accessToken, Optional.empty());
        }

        /** The DPoP header of a request to the challenge endpoint, proving this phone holds its key. */
        String[] challengeProof() throws Exception {
            return new String[] {"DPoP", proof("POST", "/oauth2/authorize-challenge", Optional.empty())};
        }
    }

    /** A sign-in that attests the phone with the nonce it is handed; the last answer. */
    private static JsonNode signIn(ChallengeSignIn signIn, Phone phone, java.util.function.UnaryOperator<Description>
            device) {
        JsonNode asked = signIn.send("username", "dana", "password", PASSWORD);
        assertThat(asked.get("error").asText()).as(asked.toString()).isEqualTo("insufficient_authorization");
        String nonce = asked.get("attestation_nonce").asText();
        List<X509Certificate> chain = CA.chain(phone.key(), device.apply(Description.healthy(
                nonce.getBytes(StandardCharsets.US_ASCII))));
        return signIn.send("attestation_format", "android-key", "attestation", AndroidAttestationCa.encode(chain),
                "attestation_nonce", nonce, "username", "dana", "password", PASSWORD);
    }

    private static HttpResponse<String> exchange(String client, JsonNode passed, ChallengeSignIn signIn,
                                                 Optional<Phone> phone) throws Exception {
        Form form = Form.of("grant_type", "authorization_code", "client_id", client, "code",
                passed.get("authorization_code").asText(), "code_verifier", signIn.verifier(), "device_id",
                "pixel-" + client);
        return phone.isEmpty() ? form.post(base, "oauth2/token")
                : form.post(base, "oauth2/token", "DPoP", phone.get().proof("POST", "/oauth2/token", Optional.empty()));
    }

    private static HttpResponse<String> refresh(String client, String refreshToken, Phone phone) throws Exception {
        return Form.of("grant_type", "refresh_token", "client_id", client, "refresh_token", refreshToken)
                .post(base, "oauth2/token", "DPoP", phone.proof("POST", "/oauth2/token", Optional.empty()));
    }

    private static JsonNode refused(HttpResponse<String> response, String error) {
        return refused(TestOAuth.json(response), error);
    }

    private static JsonNode refused(JsonNode json, String error) {
        assertThat(json.path("error").asText()).as(json.toString()).isEqualTo(error);
        return json;
    }

    private static List<String> reasons(JsonNode refusal) {
        List<String> reasons = new ArrayList<>();
        refusal.get("reasons").forEach(reason -> reasons.add(reason.asText()));
        assertThat(refusal.get("reason").asText()).isEqualTo(reasons.get(0));
        return reasons;
    }

    private static List<String> auditTypes() {
        return server.bulwark().audit().latest(500).stream().map(AuditRecord::type).toList();
    }

    @Test
    void whenALockedVerifiedPhoneAttestsThenItSignsInWithItsKeyAndTheVerdictIsShown() throws Exception {
        Phone phone = Phone.create();
        ChallengeSignIn signIn = new ChallengeSignIn(base, "bank", "openid bulwark:account");
        JsonNode passed = signIn(signIn, phone, d -> d);
        assertThat(passed.has("authorization_code")).as(passed.toString()).isTrue();

        refused(exchange("bank", passed, signIn, Optional.empty()), "invalid_dpop_proof");
        HttpResponse<String> issued = exchange("bank", passed, signIn, Optional.of(phone));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        JsonNode tokens = TestOAuth.json(issued);
        assertThat(tokens.get("token_type").asText()).isEqualTo("DPoP");

        HttpResponse<String> refreshed = refresh("bank", tokens.get("refresh_token").asText(), phone);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        String access = TestOAuth.json(refreshed).get("access_token").asText();
        HttpResponse<String> sessions = Http.send(HttpRequest.newBuilder(base.resolve("account/v1/sessions")).GET()
                .header("Authorization", "DPoP " + access)
                .header("DPoP", phone.proof("GET", "/account/v1/sessions", Optional.of(access)))
                .timeout(Duration.ofSeconds(10)).build());
        JsonNode integrity = TestOAuth.json(sessions).get("sessions").get(0).get("device_integrity");
        assertThat(integrity.get("evidence").asText()).isEqualTo("android-key");
        assertThat(integrity.get("key_protection").asText()).isEqualTo("hardware");
        assertThat(integrity.get("bootloader_locked").asBoolean()).isTrue();
        assertThat(integrity.get("verified_boot").asText()).isEqualTo("verified");
        assertThat(integrity.get("os_patch_level").asInt()).isEqualTo(202610);
        assertThat(integrity.get("meets_policy").asBoolean()).isTrue();
        assertThat(auditTypes()).contains("device.attested");
    }

    @Test
    void whenTheBootloaderIsUnlockedThenSignInIsRefusedBeforeThePasswordWithTheReasons() {
        JsonNode refusal = signIn(new ChallengeSignIn(base, "bank", "openid"), Phone.create(), Description::unlocked);

        assertThat(refusal.get("error").asText()).as(refusal.toString()).isEqualTo("device_not_trusted");
        assertThat(reasons(refusal)).containsExactly("bootloader_unlocked", "boot_not_verified");
        assertThat(refusal.has("auth_session")).isTrue();
        assertThat(auditTypes()).contains("device.refused");
    }

    @Test
    void whenThePolicyTightensThenTheNextRefreshEndsTheSession() throws Exception {
        app("forum", "integrity=attested_key");
        Phone phone = Phone.create();
        ChallengeSignIn signIn = new ChallengeSignIn(base, "forum", "openid");
        JsonNode passed = signIn(signIn, phone, Description::unlocked);
        JsonNode tokens = TestOAuth.json(exchange("forum", passed, signIn, Optional.of(phone)));
        HttpResponse<String> first = refresh("forum", tokens.get("refresh_token").asText(), phone);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String refreshToken = TestOAuth.json(first).get("refresh_token").asText();

        tighten("forum", "integrity=strong");
        JsonNode refusal = refused(refresh("forum", refreshToken, phone), "device_not_trusted");
        assertThat(reasons(refusal)).contains("bootloader_unlocked");
        tighten("forum", "integrity=attested_key");
        refused(refresh("forum", refreshToken, phone), "invalid_grant");
    }

    @Test
    void whenTheCodeIsExchangedWithAnotherAttestedKeyThanThisSignInsThenItIsRefused() throws Exception {
        ChallengeSignIn signIn = new ChallengeSignIn(base, "bank", "openid");
        JsonNode passed = signIn(signIn, Phone.create(), d -> d);
        Phone attestedElsewhere = Phone.create();
        assertThat(signIn(new ChallengeSignIn(base, "bank", "openid"), attestedElsewhere, d -> d)
                .has("authorization_code")).isTrue();

        refused(exchange("bank", passed, signIn, Optional.of(attestedElsewhere)), "invalid_dpop_proof");
        refused(exchange("bank", passed, signIn, Optional.of(Phone.create())), "invalid_dpop_proof");
    }

    @Test
    void whenAVerdictIsBoundToSomeoneElsesKeyThenItIsRefused() throws Exception {
        Phone victim = Phone.create();
        Phone attacker = Phone.create();
        ChallengeSignIn signIn = new ChallengeSignIn(base, "games", "openid");
        String nonce = signIn.send().get("attestation_nonce").asText();
        String token = PLAY.token(PlayIntegrityTokens.verdict(DeviceTrust.playRequestNonce(nonce,
                victim.jwk().computeThumbprint().toString()), "com.example.games", java.time.Instant.now(),
                List.of("MEETS_DEVICE_INTEGRITY"), "PLAY_RECOGNIZED", AndroidAttestationCa.SIGNING_DIGEST));

        refused(signIn.send("attestation_format", "play-integrity", "attestation", token, "attestation_nonce", nonce),
                "invalid_dpop_proof");
        String fresh = signIn.send().get("attestation_nonce").asText();
        String rebound = PLAY.token(PlayIntegrityTokens.verdict(DeviceTrust.playRequestNonce(fresh,
                victim.jwk().computeThumbprint().toString()), "com.example.games", java.time.Instant.now(),
                List.of("MEETS_DEVICE_INTEGRITY"), "PLAY_RECOGNIZED", AndroidAttestationCa.SIGNING_DIGEST));
        JsonNode refusal = refused(signIn.sendWithHeaders(attacker.challengeProof(), "attestation_format",
                "play-integrity", "attestation", rebound, "attestation_nonce", fresh), "invalid_request");
        assertThat(refusal.get("error_description").asText()).contains("another nonce");
    }

    @Test
    void whenTheAppOrItsSignatureIsNotTheRegisteredOneThenItIsNotRecognized() {
        JsonNode otherPackage = signIn(new ChallengeSignIn(base, "bank", "openid"), Phone.create(),
                d -> d.app("com.example.fake", 42, AndroidAttestationCa.SIGNING_DIGEST));
        assertThat(reasons(otherPackage)).containsExactly("app_not_recognized");
        JsonNode resigned = signIn(new ChallengeSignIn(base, "bank", "openid"), Phone.create(),
                d -> d.app("com.example.bank", 42, "another signing certificate digest".getBytes()));
        assertThat(reasons(resigned)).containsExactly("app_not_recognized");
    }

    @Test
    void whenASensitiveScopeDemandsStrongBoxThenATeeKeyIsRefusedOnlyForIt() throws Exception {
        ChallengeSignIn plain = new ChallengeSignIn(base, "wallet", "openid");
        assertThat(signIn(plain, Phone.create(), d -> d).has("authorization_code")).isTrue();

        JsonNode refusal = signIn(new ChallengeSignIn(base, "wallet", "openid payments"), Phone.create(), d -> d);
        assertThat(reasons(refusal)).containsExactly("strongbox_required");
        JsonNode strongBox = signIn(new ChallengeSignIn(base, "wallet", "openid payments"), Phone.create(),
                d -> d.securityLevel(2));
        assertThat(strongBox.has("authorization_code")).as(strongBox.toString()).isTrue();
        JsonNode unpatched = signIn(new ChallengeSignIn(base, "wallet", "openid"), Phone.create(),
                d -> d.patchLevel(202512));
        assertThat(reasons(unpatched)).containsExactly("os_patch_level_too_old");
    }

    @Test
    void whenANonceIsReplayedOrTheChainIsRevokedThenTheAttestationIsRefused() throws Exception {
        ChallengeSignIn signIn = new ChallengeSignIn(base, "bank", "openid");
        Phone phone = Phone.create();
        JsonNode asked = signIn.send("username", "dana", "password", PASSWORD);
        String nonce = asked.get("attestation_nonce").asText();
        String chain = AndroidAttestationCa.encode(CA.chain(phone.key(), Description.healthy(
                nonce.getBytes(StandardCharsets.US_ASCII)).unlocked()));
        refused(signIn.send("attestation_format", "android-key", "attestation", chain, "attestation_nonce", nonce),
                "device_not_trusted");
        JsonNode replayed = refused(signIn.send("attestation_format", "android-key", "attestation", chain,
                "attestation_nonce", nonce), "invalid_request");
        assertThat(replayed.get("error_description").asText()).contains("attestation_nonce");

        ChallengeSignIn other = new ChallengeSignIn(base, "bank", "openid");
        other.send("username", "dana", "password", PASSWORD);
        String foreign = signIn.send().get("attestation_nonce").asText();
        JsonNode elsewhere = refused(other.send("attestation_format", "android-key", "attestation",
                AndroidAttestationCa.encode(CA.chain(phone.key(), Description.healthy(
                        foreign.getBytes(StandardCharsets.US_ASCII)))), "attestation_nonce", foreign), "invalid_request");
        assertThat(elsewhere.get("error_description").asText()).contains("another sign-in");

        ChallengeSignIn revoked = new ChallengeSignIn(base, "bank", "openid");
        String fresh = revoked.send().get("attestation_nonce").asText();
        JsonNode refusal = refused(revoked.send("attestation_format", "android-key", "attestation",
                AndroidAttestationCa.encode(REVOKED_CA.chain(phone.key(), Description.healthy(
                        fresh.getBytes(StandardCharsets.US_ASCII)))), "attestation_nonce", fresh), "invalid_request");
        assertThat(refusal.get("error_description").asText()).contains("revoked");
    }

    @Test
    void whenTheAttestationIsGarbageThenItIsAClearInvalidRequest() {
        ChallengeSignIn signIn = new ChallengeSignIn(base, "bank", "openid");
        String nonce = signIn.send().get("attestation_nonce").asText();
        JsonNode refusal = refused(signIn.send("attestation_format", "android-key", "attestation", "not-base64!",
                "attestation_nonce", nonce), "invalid_request");
        assertThat(refusal.get("error_description").asText()).contains("base64 DER");
        JsonNode format = refused(signIn.send("attestation_format", "tpm", "attestation", "AAAA",
                "attestation_nonce", nonce), "invalid_request");
        assertThat(format.get("error_description").asText()).contains("android-key");
    }

    /** A sign-in on the games app with a Play Integrity verdict bound to the phone's DPoP key; the last answer. */
    private static JsonNode signInWithPlay(ChallengeSignIn signIn, Phone phone, List<String> device,
                                           String packageName) throws Exception {
        String nonce = signIn.send("username", "dana", "password", PASSWORD).get("attestation_nonce").asText();
        String jkt = phone.jwk().computeThumbprint().toString();
        String token = PLAY.token(PlayIntegrityTokens.verdict(DeviceTrust.playRequestNonce(nonce, jkt), packageName,
                java.time.Instant.now(), device, "PLAY_RECOGNIZED", AndroidAttestationCa.SIGNING_DIGEST));
        return signIn.sendWithHeaders(phone.challengeProof(), "attestation_format", "play-integrity", "attestation",
                token, "attestation_nonce", nonce, "username", "dana", "password", PASSWORD);
    }

    @Test
    void whenPlayVouchesForTheDeviceThenItSignsInWithTheKeyTheVerdictIsBoundTo() throws Exception {
        Phone phone = Phone.create();
        ChallengeSignIn signIn = new ChallengeSignIn(base, "games", "openid");
        JsonNode passed = signInWithPlay(signIn, phone, List.of("MEETS_DEVICE_INTEGRITY"), "com.example.games");
        assertThat(passed.has("authorization_code")).as(passed.toString()).isTrue();

        refused(exchange("games", passed, signIn, Optional.of(Phone.create())), "invalid_dpop_proof");
        HttpResponse<String> issued = exchange("games", passed, signIn, Optional.of(phone));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);

        JsonNode rooted = signInWithPlay(new ChallengeSignIn(base, "games", "openid"), Phone.create(),
                List.of("MEETS_BASIC_INTEGRITY"), "com.example.games");
        assertThat(reasons(refused(rooted, "device_not_trusted"))).containsExactly("device_not_recognized");
        JsonNode otherApp = signInWithPlay(new ChallengeSignIn(base, "games", "openid"), Phone.create(),
                List.of("MEETS_DEVICE_INTEGRITY"), "com.example.fake");
        assertThat(refused(otherApp, "invalid_request").get("error_description").asText())
                .contains("another package");
    }

    @Test
    void whenADeviceKeyCarriesItsAttestationThenItIsRegisteredAsHardwareBacked() throws Exception {
        // A user of their own: a registered key is a second factor, which the other tests' sign-ins would then ask.
        server.bulwark().accounts().create(NewUser.named(Username.of("kim")), Optional.of(Password.of(PASSWORD)),
                false, Actor.SYSTEM);
        String access = dev.bulwark.server.support.TestLogin.tokens(base, "notes", "kim", PASSWORD,
                "openid bulwark:account", "pixel-keys").get("access_token").asText();
        Phone biometric = Phone.create();
        byte[] challenge = biometric.jwk().computeThumbprint().toString().getBytes(StandardCharsets.US_ASCII);
        String chain = AndroidAttestationCa.encode(CA.chain(biometric.key(), Description.healthy(challenge)
                .requiringUserAuth().securityLevel(2)));

        HttpResponse<String> mismatched = registerKey(access, Phone.create(), chain);
        assertThat(mismatched.statusCode()).as(mismatched.body()).isEqualTo(400);
        assertThat(mismatched.body()).contains("challenge").doesNotContain(chain.substring(0, 40));
        HttpResponse<String> registered = registerKey(access, biometric, chain);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(TestOAuth.json(registered).get("protection").asText()).isEqualTo("strongbox");
    }

    private static HttpResponse<String> registerKey(String access, Phone phone, String chain) {
        return dev.bulwark.server.support.ApiCalls.call(base, "POST", "account/v1/device-keys", access,
                "{\"public_key\":" + phone.jwk().toPublicJWK().toJSONString() + ",\"name\":\"Pixel\","
                        + "\"attestation\":\"" + chain + "\"}");
    }

    /** A sign-in with an App Attest attestation bound to the phone's DPoP key; the last answer. */
    private static JsonNode signInWithAppAttest(ChallengeSignIn signIn, Phone phone, String appId) throws Exception {
        String nonce = signIn.send("username", "dana", "password", PASSWORD).get("attestation_nonce").asText();
        String jkt = phone.jwk().computeThumbprint().toString();
        KeyPair appKey = AndroidAttestationCa.generate();
        byte[] object = APPLE.attestation(appKey, DeviceTrust.boundClientData(nonce, jkt), appId);
        return signIn.sendWithHeaders(phone.challengeProof(), "attestation_format", "apple-appattest", "attestation",
                Base64.getEncoder().encodeToString(object), "attestation_key_id",
                Base64.getEncoder().encodeToString(AppAttestCa.keyId(appKey)), "attestation_nonce", nonce,
                "username", "dana", "password", PASSWORD);
    }

    @Test
    void whenAnIPhoneAttestsTheAppThenItSignsInWithTheKeyTheAttestationIsBoundTo() throws Exception {
        Phone phone = Phone.create();
        ChallengeSignIn signIn = new ChallengeSignIn(base, "ios-bank", "openid");
        JsonNode passed = signInWithAppAttest(signIn, phone, IOS_APP);
        assertThat(passed.has("authorization_code")).as("Android-only checks do not apply: " + passed).isTrue();
        refused(exchange("ios-bank", passed, signIn, Optional.of(Phone.create())), "invalid_dpop_proof");
        HttpResponse<String> issued = exchange("ios-bank", passed, signIn, Optional.of(phone));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);

        JsonNode otherApp = signInWithAppAttest(new ChallengeSignIn(base, "ios-bank", "openid"), Phone.create(),
                "ABCDE12345.com.example.fake");
        assertThat(refused(otherApp, "invalid_request").get("error_description").asText()).contains("another app");
        JsonNode strict = signInWithAppAttest(new ChallengeSignIn(base, "ios-strict", "openid"), Phone.create(),
                IOS_APP);
        assertThat(reasons(refused(strict, "device_not_trusted"))).as("App Attest says nothing of boot state")
                .containsExactly("boot_state_unknown");
    }

    @Test
    void whenAnAppThatDemandsAttestationUsesTheBrowserFlowThenItsCodeMeetsNoPolicy() throws Exception {
        dev.bulwark.server.support.TestBrowser browser = new dev.bulwark.server.support.TestBrowser(base);
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        HttpResponse<String> page = browser.get("oauth2/authorize?client_id=bank&response_type=code&redirect_uri="
                + java.net.URLEncoder.encode("com.example.app:/callback", StandardCharsets.UTF_8)
                + "&scope=openid&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256");
        HttpResponse<String> redirect = browser.post("ui/sign-in", browser.origin(), "request",
                dev.bulwark.server.support.TestBrowser.requestHandle(page), "username", "dana", "password", PASSWORD);
        String code = dev.bulwark.server.support.TestBrowser.redirectParameters(redirect).get("code");
        assertThat(code).as(redirect.headers().map().toString()).isNotNull();
        Phone phone = Phone.create();
        JsonNode refusal = refused(Form.of("grant_type", "authorization_code", "client_id", "bank", "code", code,
                "redirect_uri", "com.example.app:/callback", "code_verifier", pkce.verifier())
                .post(base, "oauth2/token", "DPoP", phone.proof("POST", "/oauth2/token", Optional.empty())),
                "device_not_trusted");
        assertThat(reasons(refusal)).containsExactly("attestation_required");
    }

    @Test
    void whenAnAppTurnsRefreshBindingOffThenItsRefreshTokensNeedNoProofButByDefaultTheyDo() throws Exception {
        for (String client : List.of("notes", "loose")) {
            Phone phone = Phone.create();
            ChallengeSignIn signIn = new ChallengeSignIn(base, client, "openid");
            JsonNode passed = signIn.send("username", "dana", "password", PASSWORD);
            JsonNode tokens = TestOAuth.json(exchange(client, passed, signIn, Optional.of(phone)));
            assertThat(tokens.get("token_type").asText()).as("the access token is bound either way").isEqualTo("DPoP");
            HttpResponse<String> withoutProof = Form.of("grant_type", "refresh_token", "client_id", client,
                    "refresh_token", tokens.get("refresh_token").asText()).post(base, "oauth2/token");
            if (client.equals("notes")) {
                refused(withoutProof, "invalid_dpop_proof");
            } else {
                assertThat(withoutProof.statusCode()).as(withoutProof.body()).isEqualTo(200);
            }
        }
    }

    @Test
    void whenTheAppDemandsNothingThenSignInNeedsNoAttestation() {
        JsonNode passed = new ChallengeSignIn(base, "notes", "openid").send("username", "dana", "password",
                PASSWORD);
        assertThat(passed.has("authorization_code")).as(passed.toString()).isTrue();
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }
}
