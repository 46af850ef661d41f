package dev.bulwark.core.device;

import dev.bulwark.core.mfa.KeyProtection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Bulwark's verdict on a device, whatever the evidence: where its key lives, how it booted, whether it looks like an
 * emulator, how patched it is, and which app (package, signing certificates, version) asked. Only facts the evidence
 * proves are filled in; the rest is empty, and a policy that needs them refuses.
 *
 * @param keyProtection      {@link KeyProtection#UNVERIFIED} when the evidence came from software
 * @param verifiedBoot       the boot state secure hardware reported
 * @param bootloaderLocked   whether the bootloader is locked, as secure hardware reported
 * @param emulator           the evidence came from software keystore attestation: no secure hardware (emulators,
 *                           and devices that only pretend)
 * @param osPatchLevel       the OS security patch level as YYYYMM
 * @param appPackages        package name to version code
 * @param signingCertificates SHA-256 digests (lowercase hex) of the app's signing certificates
 * @param userAuthBound      the key can only be used after the user authenticated (biometric or screen lock)
 */
public record DeviceIntegrity(Evidence evidence, KeyProtection keyProtection,
                              Optional<RootOfTrust.VerifiedBootState> verifiedBoot, Optional<Boolean> bootloaderLocked,
                              boolean emulator, Optional<Integer> osPatchLevel, Map<String, Long> appPackages,
                              Set<String> signingCertificates, boolean userAuthBound) {

    /** What the verdict rests on. */
    public enum Evidence {
        ANDROID_KEY_ATTESTATION("android-key"),
        /** A Google Play Integrity verdict: it vouches for the device and app, not for where the key lives. */
        PLAY_INTEGRITY("play-integrity"),
        /**
         * An Apple App Attest attestation: a Secure Enclave key of the genuine app on a genuine Apple device, bound
         * to the DPoP key through its client data; it says nothing of boot state or jailbreaks.
         */
        APPLE_APP_ATTEST("apple-appattest");

        private final String format;

        Evidence(String format) {
            this.format = format;
        }

        /** The {@code attestation_format} value an app sends this evidence under. */
        public String format() {
            return format;
        }
    }

    public DeviceIntegrity {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(keyProtection, "keyProtection");
        Objects.requireNonNull(verifiedBoot, "verifiedBoot");
        Objects.requireNonNull(bootloaderLocked, "bootloaderLocked");
        Objects.requireNonNull(osPatchLevel, "osPatchLevel");
        appPackages = Map.copyOf(appPackages);
        signingCertificates = Set.copyOf(signingCertificates);
    }

    /** The verdict of an App Attest attestation of the app {@code appId} (team id, dot, bundle id). */
    public static DeviceIntegrity appAttested(String appId) {
        return new DeviceIntegrity(Evidence.APPLE_APP_ATTEST, KeyProtection.UNVERIFIED, Optional.empty(),
                Optional.empty(), false, Optional.empty(), Map.of(appId, 0L), Set.of(), false);
    }

    /** Whether the evidence comes from Android (key attestation or Play), whose app and patch facts policies check. */
    public boolean android() {
        return evidence != Evidence.APPLE_APP_ATTEST;
    }

    /**
     * The verdict of an Android key attestation. Only the hardware-enforced list speaks for the device; a chain
     * attested in software proves nothing about it.
     */
    public static DeviceIntegrity of(AndroidKeyAttestationVerifier.Verified verified) {
        KeyDescription description = verified.description();
        SecurityLevel weakest = description.attestationSecurityLevel().compareTo(description.keyMintSecurityLevel())
                <= 0 ? description.attestationSecurityLevel() : description.keyMintSecurityLevel();
        boolean software = weakest == SecurityLevel.SOFTWARE;
        AuthorizationList hardware = description.hardwareEnforced();
        Optional<RootOfTrust> rootOfTrust = software ? Optional.empty() : hardware.rootOfTrust();
        Optional<AttestationApplicationId> app = description.softwareEnforced().applicationId()
                .or(hardware::applicationId);
        Map<String, Long> packages = new java.util.HashMap<>();
        app.ifPresent(id -> id.packages().forEach(p -> packages.merge(p.name(), p.version(), Math::max)));
        return new DeviceIntegrity(Evidence.ANDROID_KEY_ATTESTATION,
                switch (weakest) {
                    case SOFTWARE -> KeyProtection.UNVERIFIED;
                    case TRUSTED_ENVIRONMENT -> KeyProtection.HARDWARE;
                    case STRONG_BOX -> KeyProtection.STRONGBOX;
                },
                rootOfTrust.map(RootOfTrust::verifiedBootState), rootOfTrust.map(RootOfTrust::deviceLocked), software,
                software ? Optional.empty() : hardware.integer(AuthorizationTag.OS_PATCH_LEVEL).map(Long::intValue),
                packages, app.map(AttestationApplicationId::signatureDigestsHex).orElse(Set.of()),
                !software && !hardware.has(AuthorizationTag.NO_AUTH_REQUIRED)
                        && hardware.has(AuthorizationTag.USER_AUTH_TYPE));
    }
}
