package dev.bulwark.core.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.device.DeviceIntegrity;
import dev.bulwark.core.device.DeviceReason;
import dev.bulwark.core.device.RootOfTrust.VerifiedBootState;
import dev.bulwark.core.mfa.KeyProtection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DevicePolicyTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String DIGEST = "ab".repeat(32);
    private static final DeviceIntegrity HEALTHY = new DeviceIntegrity(
            DeviceIntegrity.Evidence.ANDROID_KEY_ATTESTATION, KeyProtection.HARDWARE,
            Optional.of(VerifiedBootState.VERIFIED), Optional.of(true), false, Optional.of(202610),
            Map.of("com.example.bank", 42L), Set.of(DIGEST), false);

    private static DeviceIntegrity with(KeyProtection protection, VerifiedBootState boot, boolean locked,
                                        boolean emulator, int patch, String app, long version, String digest) {
        return new DeviceIntegrity(HEALTHY.evidence(), protection, Optional.of(boot), Optional.of(locked), emulator,
                Optional.of(patch), Map.of(app, version), Set.of(digest), false);
    }

    private static java.util.List<DeviceReason> assess(String policy, DeviceIntegrity device, String scopes) {
        return DevicePolicy.parse(policy).assess(Optional.of(device), Optional.of(NOW.minus(Duration.ofDays(1))), NOW,
                Scopes.parse(scopes));
    }

    @Test
    void theTextFormRoundTrips() {
        String text = "integrity=strong emulators=block min_os_patch=202506 min_app_version=42 "
                + "android_package=com.example.bank signing_certificates=" + DIGEST + " reattestation_days=30 "
                + "scope.payments=strongbox ios_app_id=ABCDE12345.com.example.bank app_attest=development "
                + "refresh_binding=off";
        DevicePolicy policy = DevicePolicy.parse(text);

        assertThat(policy.text()).isEqualTo(text);
        assertThat(DevicePolicy.parse(policy.text())).isEqualTo(policy);
        assertThat(DevicePolicy.parse("integrity=none")).isEqualTo(DevicePolicy.NONE);
        assertThat(DevicePolicy.NONE.text()).isEqualTo("integrity=none");
    }

    @Test
    void nonsenseIsRefusedWithAClearMessage() {
        for (String bad : new String[] {"integrity=high", "integrity=none emulators=block", "color=red",
            "integrity=strong integrity=none", "integrity=strong min_os_patch=202613", "integrity=strong "
            + "signing_certificates=xyz", "integrity=strong android_package=bank", "scope.pay=none",
            "integrity=strong min_app_version=-1", "integrity", "integrity=strong emulators=maybe",
            "integrity=strong reattestation_days=999999999999999", "integrity=strong reattestation_days=3651",
            "integrity=strong min_os_patch=4295169906", "integrity=strong app_attest=staging",
            "ios_app_id=com.example.app", "refresh_binding=maybe"}) {
            assertThatThrownBy(() -> DevicePolicy.parse(bad)).as(bad).isInstanceOf(DomainException.class);
        }
    }

    @Test
    void aHealthyDeviceMeetsEveryLevelButStrongBox() {
        assertThat(assess("integrity=attested_key", HEALTHY, "openid")).isEmpty();
        assertThat(assess("integrity=strong android_package=com.example.bank signing_certificates=" + DIGEST
                + " min_os_patch=202610 min_app_version=42 emulators=block", HEALTHY, "openid")).isEmpty();
        assertThat(assess("integrity=strongbox", HEALTHY, "openid")).containsExactly(DeviceReason.STRONGBOX_REQUIRED);
    }

    @Test
    void eachShortcomingHasItsReason() {
        assertThat(assess("integrity=strong", with(KeyProtection.HARDWARE, VerifiedBootState.UNVERIFIED, false, false,
                202610, "com.example.bank", 42, DIGEST), "openid"))
                .containsExactly(DeviceReason.BOOTLOADER_UNLOCKED, DeviceReason.BOOT_NOT_VERIFIED);
        assertThat(assess("integrity=attested_key emulators=block", with(KeyProtection.UNVERIFIED,
                VerifiedBootState.VERIFIED, true, true, 202610, "com.example.bank", 42, DIGEST), "openid"))
                .containsExactly(DeviceReason.KEY_NOT_HARDWARE_BACKED, DeviceReason.EMULATOR);
        assertThat(assess("integrity=attested_key min_os_patch=202611", HEALTHY, "openid"))
                .containsExactly(DeviceReason.OS_PATCH_LEVEL_TOO_OLD);
        assertThat(assess("integrity=attested_key min_app_version=43", HEALTHY, "openid"))
                .containsExactly(DeviceReason.APP_VERSION_TOO_OLD);
        assertThat(assess("integrity=attested_key android_package=com.example.other", HEALTHY, "openid"))
                .contains(DeviceReason.APP_NOT_RECOGNIZED);
        assertThat(assess("integrity=attested_key signing_certificates=" + "cd".repeat(32), HEALTHY, "openid"))
                .containsExactly(DeviceReason.APP_NOT_RECOGNIZED);
        assertThat(DevicePolicy.parse("integrity=attested_key").assess(Optional.empty(), Optional.empty(), NOW,
                Scopes.parse("openid"))).containsExactly(DeviceReason.ATTESTATION_REQUIRED);
    }

    @Test
    void aPlayIntegrityVerdictStandsInForTheKeyAttestationButNeverForStrongBox() {
        DeviceIntegrity device = new DeviceIntegrity(DeviceIntegrity.Evidence.PLAY_INTEGRITY, KeyProtection.UNVERIFIED,
                Optional.empty(), Optional.of(true), false, Optional.empty(), Map.of("com.example.bank", 42L),
                Set.of(DIGEST), false);
        DeviceIntegrity strong = new DeviceIntegrity(device.evidence(), KeyProtection.UNVERIFIED,
                Optional.of(VerifiedBootState.VERIFIED), Optional.of(true), false, Optional.empty(),
                device.appPackages(), device.signingCertificates(), false);
        DeviceIntegrity basic = new DeviceIntegrity(device.evidence(), KeyProtection.UNVERIFIED, Optional.empty(),
                Optional.of(false), false, Optional.empty(), Map.of(), Set.of(), false);

        assertThat(assess("integrity=attested_key android_package=com.example.bank", device, "openid")).isEmpty();
        assertThat(assess("integrity=strong", device, "openid")).containsExactly(DeviceReason.BOOT_NOT_VERIFIED);
        assertThat(assess("integrity=strong", strong, "openid")).isEmpty();
        assertThat(assess("integrity=strongbox", strong, "openid")).containsExactly(DeviceReason.STRONGBOX_REQUIRED);
        assertThat(assess("integrity=attested_key android_package=com.example.bank", basic, "openid"))
                .containsExactly(DeviceReason.DEVICE_NOT_RECOGNIZED, DeviceReason.APP_NOT_RECOGNIZED);
    }

    @Test
    void anAppAttestVerdictMeetsAttestedKeyForItsOwnAppOnlyAndSkipsAndroidChecks() {
        DeviceIntegrity iphone = DeviceIntegrity.appAttested("ABCDE12345.com.example.bank");
        String ios = " ios_app_id=ABCDE12345.com.example.bank";

        assertThat(assess("integrity=attested_key min_os_patch=202601 min_app_version=9 android_package=com.example.bank"
                + " signing_certificates=" + DIGEST + ios, iphone, "openid")).isEmpty();
        assertThat(assess("integrity=attested_key ios_app_id=ABCDE12345.com.example.other", iphone, "openid"))
                .containsExactly(DeviceReason.APP_NOT_RECOGNIZED);
        assertThat(assess("integrity=strong" + ios, iphone, "openid")).containsExactly(DeviceReason.BOOT_STATE_UNKNOWN);
        assertThat(assess("integrity=strongbox" + ios, iphone, "openid"))
                .containsExactly(DeviceReason.BOOT_STATE_UNKNOWN, DeviceReason.STRONGBOX_REQUIRED);
    }

    @Test
    void anAttestationOlderThanTheIntervalIsStale() {
        DevicePolicy policy = DevicePolicy.parse("integrity=attested_key reattestation_days=7");

        assertThat(policy.assess(Optional.of(HEALTHY), Optional.of(NOW.minus(Duration.ofDays(6))), NOW,
                Scopes.parse("openid"))).isEmpty();
        assertThat(policy.assess(Optional.of(HEALTHY), Optional.of(NOW.minus(Duration.ofDays(7))), NOW,
                Scopes.parse("openid"))).containsExactly(DeviceReason.ATTESTATION_STALE);
    }

    @Test
    void aSensitiveScopeRaisesTheLevelOnlyWhenRequested() {
        DevicePolicy policy = DevicePolicy.parse("integrity=none scope.payments=strong");

        assertThat(policy.demandsAttestation(Scopes.parse("openid"))).isFalse();
        assertThat(policy.integrityFor(Scopes.parse("openid payments"))).isEqualTo(DevicePolicy.Integrity.STRONG);
        assertThat(policy.assess(Optional.empty(), Optional.empty(), NOW, Scopes.parse("openid"))).isEmpty();
        assertThat(policy.assess(Optional.empty(), Optional.empty(), NOW, Scopes.parse("openid payments")))
                .containsExactly(DeviceReason.ATTESTATION_REQUIRED);
    }
}
