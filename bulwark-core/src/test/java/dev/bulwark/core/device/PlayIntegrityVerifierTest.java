package dev.bulwark.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWEAlgorithm;
import dev.bulwark.core.DomainException;
import dev.bulwark.core.mfa.KeyProtection;
import dev.bulwark.core.testing.MovableClock;
import dev.bulwark.core.testing.PlayIntegrityTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Play Integrity verdicts decrypted and verified with the app's keys, each step refusing what it must. */
class PlayIntegrityVerifierTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String NONCE = "bm9uY2UtZm9yLXRoaXMtc2lnbi1pbg";
    private static final String PACKAGE = "com.example.games";
    private static final byte[] DIGEST = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final PlayIntegrityTokens play = new PlayIntegrityTokens();
    private final PlayIntegrityVerifier verifier = new PlayIntegrityVerifier(new MovableClock(NOW),
            Duration.ofMinutes(5));

    private Map<String, Object> verdict(List<String> device, String app) {
        return PlayIntegrityTokens.verdict(NONCE, PACKAGE, NOW.minusSeconds(10), device, app, DIGEST);
    }

    private PlayIntegrityVerifier.Verdict verify(String token) {
        return verifier.verify(token, play.keys(), NONCE, PACKAGE);
    }

    @Test
    void strongIntegrityOfARecognisedAppMeansVerifiedBootAndALockedBootloader() {
        var verdict = verify(play.token(verdict(List.of("MEETS_BASIC_INTEGRITY", "MEETS_DEVICE_INTEGRITY",
                "MEETS_STRONG_INTEGRITY"), "PLAY_RECOGNIZED")));
        DeviceIntegrity integrity = verdict.integrity();

        assertThat(integrity.evidence()).isEqualTo(DeviceIntegrity.Evidence.PLAY_INTEGRITY);
        assertThat(integrity.keyProtection()).isEqualTo(KeyProtection.UNVERIFIED);
        assertThat(integrity.verifiedBoot()).contains(RootOfTrust.VerifiedBootState.VERIFIED);
        assertThat(integrity.bootloaderLocked()).contains(true);
        assertThat(integrity.appPackages()).containsEntry(PACKAGE, 42L);
        assertThat(integrity.signingCertificates()).containsExactly(HexFormat.of().formatHex(DIGEST));
        assertThat(verdict.licensing()).contains("LICENSED");
    }

    @Test
    void basicIntegrityAloneVouchesForNothingAndVirtualIntegrityIsAnEmulator() {
        DeviceIntegrity basic = verify(play.token(verdict(List.of("MEETS_BASIC_INTEGRITY"), "PLAY_RECOGNIZED")))
                .integrity();
        assertThat(basic.bootloaderLocked()).contains(false);
        assertThat(basic.verifiedBoot()).isEmpty();

        DeviceIntegrity device = verify(play.token(verdict(List.of("MEETS_DEVICE_INTEGRITY"), "PLAY_RECOGNIZED")))
                .integrity();
        assertThat(device.bootloaderLocked()).contains(true);
        assertThat(device.verifiedBoot()).isEmpty();

        assertThat(verify(play.token(verdict(List.of("MEETS_VIRTUAL_INTEGRITY"), "PLAY_RECOGNIZED"))).integrity()
                .emulator()).isTrue();
        assertThat(verify(play.token(verdict(List.of("MEETS_DEVICE_INTEGRITY"), "UNRECOGNIZED_VERSION")))
                .integrity().appPackages()).isEmpty();
    }

    @Test
    void eachStepRefusesWhatItMust() {
        List<String> strong = List.of("MEETS_STRONG_INTEGRITY");
        assertRefused(new PlayIntegrityTokens().token(verdict(strong, "PLAY_RECOGNIZED")), "decrypted");
        assertRefused(play.token(verdict(strong, "PLAY_RECOGNIZED"), JWEAlgorithm.DIR), "A256KW");
        assertRefused(play.token(PlayIntegrityTokens.verdict("another-nonce", PACKAGE, NOW, strong,
                "PLAY_RECOGNIZED", DIGEST)), "another nonce");
        assertRefused(play.token(PlayIntegrityTokens.verdict(NONCE, "com.example.fake", NOW, strong,
                "PLAY_RECOGNIZED", DIGEST)), "another package");
        assertRefused(play.token(PlayIntegrityTokens.verdict(NONCE, PACKAGE, NOW.minus(Duration.ofMinutes(6)),
                strong, "PLAY_RECOGNIZED", DIGEST)), "too old");
        assertRefused(play.token(Map.of("deviceIntegrity", Map.of())), "requestDetails");
        assertRefused("not.a.token.at.all", "decrypted");
        assertRefused("", "missing");
    }

    @Test
    void aVerdictSignedByAnotherKeyIsRefused() {
        PlayIntegrityTokens other = new PlayIntegrityTokens();
        String forged = other.token(verdict(List.of("MEETS_STRONG_INTEGRITY"), "PLAY_RECOGNIZED"));
        var mixedKeys = new PlayIntegrityKeys(other.keys().decryption(), play.keys().verification());

        assertThatThrownBy(() -> verifier.verify(forged, mixedKeys, NONCE, PACKAGE))
                .isInstanceOf(DomainException.class).hasMessageContaining("signature");
    }

    private void assertRefused(String token, String message) {
        assertThatThrownBy(() -> verify(token)).isInstanceOf(DomainException.class).hasMessageContaining(message);
    }
}
