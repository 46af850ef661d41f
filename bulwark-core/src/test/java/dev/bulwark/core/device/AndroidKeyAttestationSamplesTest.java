package dev.bulwark.core.device;

import static dev.bulwark.core.device.AndroidAttestationSamples.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.testing.MovableClock;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real chains of ../shared/testdata/android-key-attestation, each verified at its own creation time against
 * Google's roots, and its KeyDescription compared field by field with the golden parse beside it.
 */
class AndroidKeyAttestationSamplesTest {
    private static final byte[] CHALLENGE = "challenge".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> ORIGINS = List.of("GENERATED", "DERIVED", "IMPORTED", "UNKNOWN",
            "SECURELY_IMPORTED");

    static Stream<String> hardwareChains() {
        return Stream.of("akita/sdk34/SB_RSA_NONE", "akita/sdk34/TEE_EC_NONE", "akita/sdk34/TEE_RSA_BASE+IMEI",
                "akita/sdk34/TEE_RSA_NONE", "akita/sdk34/TEE_RSA_NONE_USERAUTH", "blueline/sdk28/SB_RSA_NONE",
                "blueline/sdk28/SB_RSA_NONE_USERAUTH", "blueline/sdk28/TEE_EC_NONE",
                "blueline/sdk28/TEE_RSA_BASE+IMEI", "blueline/sdk28/TEE_RSA_NONE");
    }

    static Stream<String> softwareChains() {
        return Stream.of("marlin/sdk29/TEE_EC_NONE", "marlin/sdk29/TEE_RSA_NONE");
    }

    @ParameterizedTest
    @MethodSource("hardwareChains")
    void everyHardwareChainVerifiesAgainstGooglesRootsAndParsesAsTheGoldenFile(String name) throws Exception {
        JsonNode golden = AndroidAttestationSamples.golden(name);
        var verified = verifier(AndroidAttestationSamples.googleRoots(), golden)
                .verify(AndroidAttestationSamples.chain(name), CHALLENGE);

        assertThat(render(verified.description())).isEqualTo(withoutInternalFields(golden));
        assertThat(verified.provisioning()).isEqualTo(name.startsWith("akita")
                ? AndroidKeyAttestationVerifier.Provisioning.REMOTE : AndroidKeyAttestationVerifier.Provisioning.FACTORY);
        assertThat(verified.attestedKey()).isEqualTo(AndroidAttestationSamples.chain(name).get(0).getPublicKey());
    }

    @ParameterizedTest
    @MethodSource("softwareChains")
    void softwareChainsAreRefusedUnderGooglesRootsAndParseWhenTheirOwnRootIsTrusted(String name) throws Exception {
        JsonNode golden = AndroidAttestationSamples.golden(name);
        List<X509Certificate> chain = AndroidAttestationSamples.chain(name);
        assertThatThrownBy(() -> verifier(AndroidAttestationSamples.googleRoots(), golden).verify(chain, CHALLENGE))
                .isInstanceOf(DomainException.class).hasMessageContaining("trusted attestation root");

        List<PublicKey> withSoftwareRoot = new ArrayList<>(AndroidAttestationSamples.googleRoots());
        withSoftwareRoot.add(chain.get(chain.size() - 1).getPublicKey());
        var verified = verifier(withSoftwareRoot, golden).verify(chain, CHALLENGE);

        assertThat(render(verified.description())).isEqualTo(withoutInternalFields(golden));
        assertThat(verified.description().attestationSecurityLevel()).isEqualTo(SecurityLevel.SOFTWARE);
        assertThat(verified.provisioning()).isEqualTo(AndroidKeyAttestationVerifier.Provisioning.UNKNOWN);
    }

    @Test
    void theUnlockedTestDevicesSayTheirBootIsUnverifiedAndTheirBootloaderUnlocked() throws Exception {
        var verified = verifier(AndroidAttestationSamples.googleRoots(),
                AndroidAttestationSamples.golden("akita/sdk34/TEE_EC_NONE"))
                .verify(AndroidAttestationSamples.chain("akita/sdk34/TEE_EC_NONE"), CHALLENGE);
        RootOfTrust rootOfTrust = verified.description().hardwareEnforced().rootOfTrust().orElseThrow();

        assertThat(rootOfTrust.deviceLocked()).isFalse();
        assertThat(rootOfTrust.verifiedBootState()).isEqualTo(RootOfTrust.VerifiedBootState.UNVERIFIED);
        assertThat(verified.description().hardwareEnforced().integer(AuthorizationTag.OS_PATCH_LEVEL))
                .contains(202408L);
    }

    @Test
    void theSamplesVerdictsSayWhatTheDevicesAre() throws Exception {
        DeviceIntegrity tee = DeviceIntegrity.of(verifier(AndroidAttestationSamples.googleRoots(),
                AndroidAttestationSamples.golden("akita/sdk34/TEE_EC_NONE"))
                .verify(AndroidAttestationSamples.chain("akita/sdk34/TEE_EC_NONE"), CHALLENGE));
        assertThat(tee.keyProtection()).isEqualTo(dev.bulwark.core.mfa.KeyProtection.HARDWARE);
        assertThat(tee.bootloaderLocked()).contains(false);
        assertThat(tee.verifiedBoot()).contains(RootOfTrust.VerifiedBootState.UNVERIFIED);
        assertThat(tee.osPatchLevel()).contains(202408);
        assertThat(tee.emulator()).isFalse();
        assertThat(tee.appPackages()).containsEntry(
                "com.google.wireless.android.security.attestationverifier.collector", 0L);
        assertThat(tee.signingCertificates()).containsExactly(
                "103938ee4537e59e8ee792f654504fb8346fc6b346d0bbc4415fc339fcfc8ec1");

        DeviceIntegrity strongBox = DeviceIntegrity.of(verifier(AndroidAttestationSamples.googleRoots(),
                AndroidAttestationSamples.golden("blueline/sdk28/SB_RSA_NONE_USERAUTH"))
                .verify(AndroidAttestationSamples.chain("blueline/sdk28/SB_RSA_NONE_USERAUTH"), CHALLENGE));
        assertThat(strongBox.keyProtection()).isEqualTo(dev.bulwark.core.mfa.KeyProtection.STRONGBOX);
        assertThat(strongBox.userAuthBound()).isTrue();

        List<X509Certificate> software = AndroidAttestationSamples.chain("marlin/sdk29/TEE_EC_NONE");
        List<PublicKey> withSoftwareRoot = new ArrayList<>(AndroidAttestationSamples.googleRoots());
        withSoftwareRoot.add(software.get(software.size() - 1).getPublicKey());
        DeviceIntegrity emulated = DeviceIntegrity.of(verifier(withSoftwareRoot,
                AndroidAttestationSamples.golden("marlin/sdk29/TEE_EC_NONE")).verify(software, CHALLENGE));
        assertThat(emulated.keyProtection()).isEqualTo(dev.bulwark.core.mfa.KeyProtection.UNVERIFIED);
        assertThat(emulated.emulator()).isTrue();
        assertThat(emulated.bootloaderLocked()).isEmpty();
    }

    @Test
    void aRemotelyProvisionedChainIsRefusedOnceItsIntermediatesExpire() throws Exception {
        var verifier = new AndroidKeyAttestationVerifier(AndroidAttestationSamples.googleRoots(),
                AttestationRevocations.NONE, new MovableClock(Instant.parse("2024-10-09T00:00:00Z")));

        assertThatThrownBy(() -> verifier.verify(AndroidAttestationSamples.chain("akita/sdk34/TEE_EC_NONE"),
                CHALLENGE)).hasMessageContaining("expired");
    }

    @Test
    void aFactoryChainStillVerifiesIn2030AsItsRootReissueExpired() throws Exception {
        var verifier = new AndroidKeyAttestationVerifier(AndroidAttestationSamples.googleRoots(),
                AttestationRevocations.NONE, new MovableClock(Instant.parse("2030-01-01T00:00:00Z")));

        assertThat(verifier.verify(AndroidAttestationSamples.chain("blueline/sdk28/TEE_EC_NONE"), CHALLENGE)
                .provisioning()).isEqualTo(AndroidKeyAttestationVerifier.Provisioning.FACTORY);
    }

    @Test
    void aChainListedInTheStatusListIsRefused() throws Exception {
        List<X509Certificate> chain = AndroidAttestationSamples.chain("blueline/sdk28/TEE_EC_NONE");
        String serial = chain.get(1).getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        var revoked = RevocationStatusList.parse("{\"entries\":{\"" + serial
                + "\":{\"status\":\"REVOKED\",\"reason\":\"KEY_COMPROMISE\"}}}");
        var verifier = new AndroidKeyAttestationVerifier(AndroidAttestationSamples.googleRoots(), revoked,
                new MovableClock(Instant.ofEpochMilli(1538178035062L)));

        assertThatThrownBy(() -> verifier.verify(chain, CHALLENGE)).hasMessageContaining("revoked");
    }

    @Test
    void theMalformedSamplesAreRefused() throws Exception {
        var verifier = new AndroidKeyAttestationVerifier(List.of(AndroidAttestationSamples.chain(
                "invalid/malformed_rot_device_locked").get(3).getPublicKey()), AttestationRevocations.NONE,
                new MovableClock(Instant.parse("2022-01-01T00:00:00Z")));
        assertThatThrownBy(() -> verifier.verify(AndroidAttestationSamples.chain(
                "invalid/malformed_rot_device_locked"), CHALLENGE)).hasMessageContaining("deviceLocked is not a DER boolean");

        List<X509Certificate> unordered = AndroidAttestationSamples.chain("invalid/tags_not_in_ascending_order");
        assertThatThrownBy(() -> new AndroidKeyAttestationVerifier(AndroidAttestationSamples.googleRoots(),
                AttestationRevocations.NONE, new MovableClock(Instant.parse("2022-01-01T00:00:00Z")))
                .verify(unordered, CHALLENGE)).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> KeyDescription.of(unordered.get(0)))
                .hasMessageContaining("not in ascending order");
    }

    private static AndroidKeyAttestationVerifier verifier(List<PublicKey> roots, JsonNode golden) {
        long created = Long.parseLong(golden.path("softwareEnforced").path("creationDateTime")
                .asString(golden.path("hardwareEnforced").path("creationDateTime").asString()));
        return new AndroidKeyAttestationVerifier(roots, AttestationRevocations.NONE,
                new MovableClock(Instant.ofEpochMilli(created)));
    }

    private static JsonNode withoutInternalFields(JsonNode golden) {
        ObjectNode copy = (ObjectNode) golden.deepCopy();
        copy.remove("areTagsOrdered");
        return copy;
    }

    /** The KeyDescription in the golden files' format (upstream's Gson serialisation, described in the README). */
    static ObjectNode render(KeyDescription description) {
        ObjectNode node = JSON.createObjectNode();
        node.put("attestationVersion", Long.toString(description.attestationVersion()));
        node.put("attestationSecurityLevel", description.attestationSecurityLevel().name());
        node.put("keyMintVersion", Long.toString(description.keyMintVersion()));
        node.put("keyMintSecurityLevel", description.keyMintSecurityLevel().name());
        node.put("attestationChallenge", base64(description.attestationChallenge()));
        node.put("uniqueId", base64(description.uniqueId()));
        node.set("softwareEnforced", render(description.softwareEnforced()));
        node.set("hardwareEnforced", render(description.hardwareEnforced()));
        return node;
    }

    private static ObjectNode render(AuthorizationList list) {
        ObjectNode node = JSON.createObjectNode();
        for (AuthorizationTag tag : list.tags()) {
            String name = camelCase(tag.name());
            switch (tag.shape()) {
                case INTEGER -> {
                    long value = list.integer(tag).orElseThrow();
                    node.put(name, tag == AuthorizationTag.ORIGIN ? ORIGINS.get((int) value) : Long.toString(value));
                }
                case INTEGER_SET -> {
                    ArrayNode array = node.putArray(name);
                    list.integers(tag).forEach(value -> array.add(Long.toString(value)));
                }
                case FLAG -> node.put(name, true);
                case BYTES -> {
                    byte[] bytes = list.bytes(tag).orElseThrow();
                    node.put(name, name.startsWith("attestationId") ? new String(bytes, StandardCharsets.UTF_8)
                            : base64(bytes));
                }
                case ROOT_OF_TRUST -> {
                    RootOfTrust root = list.rootOfTrust().orElseThrow();
                    ObjectNode rootNode = node.putObject(name);
                    rootNode.put("verifiedBootKey", base64(root.verifiedBootKey()));
                    rootNode.put("deviceLocked", root.deviceLocked());
                    rootNode.put("verifiedBootState", root.verifiedBootState().name());
                    rootNode.put("verifiedBootHash", base64(root.verifiedBootHash()));
                }
                case APPLICATION_ID -> {
                    AttestationApplicationId id = list.applicationId().orElseThrow();
                    ObjectNode idNode = node.putObject(name);
                    ArrayNode packages = idNode.putArray("packages");
                    id.packages().forEach(p -> packages.addObject().put("name", p.name())
                            .put("version", Long.toString(p.version())));
                    ArrayNode signatures = idNode.putArray("signatures");
                    id.signatureDigests().forEach(digest -> signatures.add(base64(digest)));
                }
                default -> throw new IllegalStateException();
            }
        }
        return node;
    }

    private static String camelCase(String constant) {
        StringBuilder name = new StringBuilder();
        for (String word : constant.toLowerCase(Locale.ROOT).split("_")) {
            name.append(name.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return name.toString();
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
