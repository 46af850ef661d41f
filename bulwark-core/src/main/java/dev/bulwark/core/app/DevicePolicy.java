package dev.bulwark.core.app;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.device.DeviceIntegrity;
import dev.bulwark.core.device.DeviceReason;
import dev.bulwark.core.device.RootOfTrust;
import dev.bulwark.core.mfa.KeyProtection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an app demands of the devices its users sign in on, judged at sign-in, at the code exchange, at every
 * refresh (so that a device that stops meeting it, or a policy that tightens, ends the session) and per scope.
 *
 * @param integrity           what the device must prove for every sign-in
 * @param blockEmulators      refuse evidence that came from software (no secure hardware)
 * @param minimumOsPatchLevel the oldest acceptable OS security patch, YYYYMM
 * @param minimumAppVersion   the oldest acceptable app version code
 * @param androidPackage      the app's package name, which Android attestations must name
 * @param signingCertificates SHA-256 digests (lowercase hex) of the certificates the app may be signed with
 * @param reattestation       how old an attestation may grow before the user must sign in with a fresh one; zero
 *                            for never
 * @param scopeIntegrity      sensitive scopes that demand more than {@code integrity}
 * @param iosAppId            the iOS app (team id, dot, bundle id) App Attest attestations must be for
 * @param appAttestProduction whether App Attest attestations come from the production environment (else
 *                            development)
 * @param bindRefreshTokens   whether a native app's refresh tokens are bound to the DPoP key it proved at the code
 *                            exchange (RFC 9449 §5); on by default. Refresh tokens of a session whose device attested
 *                            a key are bound to that key whatever this says.
 */
public record DevicePolicy(Integrity integrity, boolean blockEmulators, Optional<Integer> minimumOsPatchLevel,
                           Optional<Long> minimumAppVersion, Optional<String> androidPackage,
                           Set<String> signingCertificates, Duration reattestation,
                           Map<String, Integrity> scopeIntegrity, Optional<String> iosAppId,
                           boolean appAttestProduction, boolean bindRefreshTokens) {
    /** No demands: what apps have until an operator sets a policy. */
    public static final DevicePolicy NONE = new DevicePolicy(Integrity.NONE, false, Optional.empty(), Optional.empty(),
            Optional.empty(), Set.of(), Duration.ZERO, Map.of(), Optional.empty(), true, true);
    private static final Pattern IOS_APP = Pattern.compile("[A-Z0-9]{10}\\.[A-Za-z0-9.-]+");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)+");

    /** Levels of device integrity, each including the one before. */
    public enum Integrity {
        /** Nothing demanded. */
        NONE,
        /**
         * A key attested by the platform (Android key attestation), in secure hardware (TEE or StrongBox); or a
         * Play Integrity verdict of device integrity bound to the key.
         */
        ATTESTED_KEY,
        /**
         * As {@link #ATTESTED_KEY}, on a device that booted verified with its bootloader locked (Play: strong
         * integrity).
         */
        STRONG,
        /** As {@link #STRONG}, with the key in a discrete secure element. */
        STRONGBOX;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Integrity fromValue(String value) {
            for (Integrity level : values()) {
                if (level.value().equals(value)) {
                    return level;
                }
            }
            throw invalid("Device integrity is one of none, attested_key, strong, strongbox.");
        }
    }

    public DevicePolicy {
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(minimumOsPatchLevel, "minimumOsPatchLevel");
        Objects.requireNonNull(minimumAppVersion, "minimumAppVersion");
        Objects.requireNonNull(androidPackage, "androidPackage");
        signingCertificates = Set.copyOf(signingCertificates);
        Objects.requireNonNull(reattestation, "reattestation");
        scopeIntegrity = Map.copyOf(scopeIntegrity);
        if (integrity == Integrity.NONE && (blockEmulators || minimumOsPatchLevel.isPresent()
                || minimumAppVersion.isPresent() || !signingCertificates.isEmpty() || !reattestation.isZero())) {
            throw invalid("Device checks need an attestation: set integrity to attested_key or stronger.");
        }
        if (minimumOsPatchLevel.filter(level -> level < 200001 || level > 999912 || level % 100 < 1
                || level % 100 > 12).isPresent()) {
            throw invalid("The minimum OS patch level is a month, YYYYMM.");
        }
        if (signingCertificates.stream().anyMatch(digest -> !DIGEST.matcher(digest).matches())) {
            throw invalid("Signing certificates are SHA-256 digests in lowercase hex.");
        }
        if (androidPackage.filter(name -> !PACKAGE.matcher(name).matches()).isPresent()) {
            throw invalid("The Android package is a name such as com.example.app.");
        }
        if (reattestation.isNegative() || reattestation.compareTo(Duration.ofDays(3650)) > 0) {
            throw invalid("The re-attestation interval is 0 to 3650 days.");
        }
        Objects.requireNonNull(iosAppId, "iosAppId");
        if (iosAppId.filter(id -> !IOS_APP.matcher(id).matches()).isPresent()) {
            throw invalid("The iOS app is its team id, a dot and its bundle id, such as ABCDE12345.com.example.app.");
        }
        if (scopeIntegrity.containsValue(Integrity.NONE)) {
            throw invalid("A sensitive scope demands attested_key or stronger.");
        }
    }

    /** What the scopes demand: the policy's level, raised by any sensitive scope among them. */
    public Integrity integrityFor(Scopes scopes) {
        Integrity level = integrity;
        for (String scope : scopes.values()) {
            Integrity demanded = scopeIntegrity.getOrDefault(scope, Integrity.NONE);
            if (demanded.compareTo(level) > 0) {
                level = demanded;
            }
        }
        return level;
    }

    /** Whether anything must be attested for these scopes. */
    public boolean demandsAttestation(Scopes scopes) {
        return integrityFor(scopes) != Integrity.NONE;
    }

    /**
     * Judges a device for these scopes.
     *
     * @param attestation the verdict and when it was attested; empty for a device that never attested
     * @return every reason it falls short, in a fixed order; empty when it meets the policy
     */
    public List<DeviceReason> assess(Optional<DeviceIntegrity> attestation, Optional<Instant> attestedAt,
                                     Instant now, Scopes scopes) {
        Integrity level = integrityFor(scopes);
        if (level == Integrity.NONE) {
            return List.of();
        }
        if (attestation.isEmpty() || attestedAt.isEmpty()) {
            return List.of(DeviceReason.ATTESTATION_REQUIRED);
        }
        DeviceIntegrity device = attestation.get();
        Set<DeviceReason> reasons = new LinkedHashSet<>();
        if (!reattestation.isZero() && !attestedAt.get().plus(reattestation).isAfter(now)) {
            reasons.add(DeviceReason.ATTESTATION_STALE);
        }
        switch (device.evidence()) {
            // Play vouches for a genuine device holding the key (bound through the request nonce), not for where
            // the key lives: its device integrity stands in for the key attestation, StrongBox stays out of reach.
            case PLAY_INTEGRITY -> {
                if (!device.bootloaderLocked().orElse(false)) {
                    reasons.add(DeviceReason.DEVICE_NOT_RECOGNIZED);
                }
            }
            // App Attest vouches for the genuine app on a genuine device once verified; the app must be this one.
            case APPLE_APP_ATTEST -> {
                if (iosAppId.isEmpty() || !device.appPackages().containsKey(iosAppId.get())) {
                    reasons.add(DeviceReason.APP_NOT_RECOGNIZED);
                }
            }
            case ANDROID_KEY_ATTESTATION -> {
                if (device.keyProtection() == KeyProtection.UNVERIFIED) {
                    reasons.add(DeviceReason.KEY_NOT_HARDWARE_BACKED);
                }
            }
        }
        if (level.compareTo(Integrity.STRONG) >= 0 && device.bootloaderLocked().isEmpty()
                && device.verifiedBoot().isEmpty()) {
            reasons.add(DeviceReason.BOOT_STATE_UNKNOWN);
        } else if (level.compareTo(Integrity.STRONG) >= 0) {
            if (!device.bootloaderLocked().orElse(false)) {
                reasons.add(DeviceReason.BOOTLOADER_UNLOCKED);
            }
            if (device.verifiedBoot().filter(RootOfTrust.VerifiedBootState.VERIFIED::equals).isEmpty()) {
                reasons.add(DeviceReason.BOOT_NOT_VERIFIED);
            }
        }
        if (level == Integrity.STRONGBOX && device.keyProtection() != KeyProtection.STRONGBOX) {
            reasons.add(DeviceReason.STRONGBOX_REQUIRED);
        }
        if (blockEmulators && device.emulator()) {
            reasons.add(DeviceReason.EMULATOR);
        }
        if (device.android()) {
            androidApp(device, reasons);
        }
        return List.copyOf(reasons);
    }

    /** The checks only Android evidence can answer: patch level, package, signing certificates, version. */
    private void androidApp(DeviceIntegrity device, Set<DeviceReason> reasons) {
        if (minimumOsPatchLevel.isPresent()
                && device.osPatchLevel().filter(patch -> patch >= minimumOsPatchLevel.get()).isEmpty()) {
            reasons.add(DeviceReason.OS_PATCH_LEVEL_TOO_OLD);
        }
        if (androidPackage.isPresent() && !device.appPackages().containsKey(androidPackage.get())
                || !signingCertificates.isEmpty() && (device.signingCertificates().isEmpty()
                || !signingCertificates.containsAll(device.signingCertificates()))) {
            reasons.add(DeviceReason.APP_NOT_RECOGNIZED);
        }
        if (minimumAppVersion.isPresent() && appVersion(device).filter(v -> v >= minimumAppVersion.get()).isEmpty()) {
            reasons.add(DeviceReason.APP_VERSION_TOO_OLD);
        }
    }

    /** The version of the registered package, or of the only package attested when none is registered. */
    private Optional<Long> appVersion(DeviceIntegrity device) {
        if (androidPackage.isPresent()) {
            return Optional.ofNullable(device.appPackages().get(androidPackage.get()));
        }
        return device.appPackages().size() == 1 ? device.appPackages().values().stream().findFirst()
                : Optional.empty();
    }

    /**
     * The policy as one line of {@code key=value} words, the form the CLI takes and the database stores:
     * {@code integrity=strong emulators=block min_os_patch=202506 min_app_version=42
     * android_package=com.example.app signing_certificates=<hex>,<hex> reattestation_days=30 scope.payments=strongbox
     * ios_app_id=ABCDE12345.com.example.app app_attest=development refresh_binding=off}.
     */
    public String text() {
        List<String> words = new ArrayList<>();
        words.add("integrity=" + integrity.value());
        if (blockEmulators) {
            words.add("emulators=block");
        }
        minimumOsPatchLevel.ifPresent(level -> words.add("min_os_patch=" + level));
        minimumAppVersion.ifPresent(version -> words.add("min_app_version=" + version));
        androidPackage.ifPresent(name -> words.add("android_package=" + name));
        if (!signingCertificates.isEmpty()) {
            words.add("signing_certificates=" + String.join(",", new java.util.TreeSet<>(signingCertificates)));
        }
        if (!reattestation.isZero()) {
            words.add("reattestation_days=" + reattestation.toDays());
        }
        new TreeMap<>(scopeIntegrity).forEach((scope, level) -> words.add("scope." + scope + "=" + level.value()));
        iosAppId.ifPresent(id -> words.add("ios_app_id=" + id));
        if (!appAttestProduction) {
            words.add("app_attest=development");
        }
        if (!bindRefreshTokens) {
            words.add("refresh_binding=off");
        }
        return String.join(" ", words);
    }

    /** Reads {@link #text()}'s form; words left out take {@link #NONE}'s values. */
    public static DevicePolicy parse(String text) {
        Map<String, String> words = new LinkedHashMap<>();
        for (String word : text.strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int equals = word.indexOf('=');
            if (equals <= 0 || words.put(word.substring(0, equals), word.substring(equals + 1)) != null) {
                throw invalid("A device policy is key=value words, each key once: " + word.replaceAll("[^\\w.=,-]",
                        "?"));
            }
        }
        Map<String, Integrity> scopes = new LinkedHashMap<>();
        for (Map.Entry<String, String> word : words.entrySet()) {
            if (word.getKey().startsWith("scope.")) {
                scopes.put(word.getKey().substring("scope.".length()), Integrity.fromValue(word.getValue()));
            } else if (!Set.of("integrity", "emulators", "min_os_patch", "min_app_version", "android_package",
                    "signing_certificates", "reattestation_days", "ios_app_id", "app_attest", "refresh_binding")
                    .contains(word.getKey())) {
                throw invalid("Unknown device policy key " + word.getKey().replaceAll("[^\\w.-]", "?") + ".");
            }
        }
        String appAttest = words.getOrDefault("app_attest", "production");
        if (!Set.of("production", "development").contains(appAttest)) {
            throw invalid("app_attest is production or development.");
        }
        String binding = words.getOrDefault("refresh_binding", "on");
        if (!Set.of("on", "off").contains(binding)) {
            throw invalid("refresh_binding is on or off.");
        }
        String emulators = words.getOrDefault("emulators", "allow");
        if (!Set.of("allow", "block").contains(emulators)) {
            throw invalid("emulators is allow or block.");
        }
        return new DevicePolicy(Integrity.fromValue(words.getOrDefault("integrity", "none")),
                "block".equals(emulators),
                Optional.ofNullable(words.get("min_os_patch")).map(value -> Math.toIntExact(Math.min(
                        number(value, "min_os_patch"), Integer.MAX_VALUE))),
                Optional.ofNullable(words.get("min_app_version")).map(value -> number(value, "min_app_version")),
                Optional.ofNullable(words.get("android_package")),
                Optional.ofNullable(words.get("signing_certificates"))
                        .map(value -> Set.copyOf(List.of(value.toLowerCase(Locale.ROOT).split(","))))
                        .orElse(Set.of()),
                Duration.ofDays(Math.min(Optional.ofNullable(words.get("reattestation_days"))
                        .map(value -> number(value, "reattestation_days")).orElse(0L), 100_000L)),
                scopes, Optional.ofNullable(words.get("ios_app_id")), "production".equals(appAttest),
                "on".equals(binding));
    }

    private static Long number(String value, String key) {
        try {
            long number = Long.parseLong(value);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw invalid(key + " is a whole number.");
        }
    }

    private static DomainException invalid(String message) {
        return new DomainException(ErrorCode.INVALID_REQUEST, message);
    }
}
