package dev.bulwark.core.device;

/** Why a device falls short of an app's device policy: machine-readable codes an app can act on. */
public enum DeviceReason {
    /** The app must attest the device (its key) before this is allowed. */
    ATTESTATION_REQUIRED("attestation_required"),
    /** The attestation is older than the policy's re-attestation interval: sign in again with a fresh one. */
    ATTESTATION_STALE("attestation_stale"),
    /** Google Play did not recognise a genuine, certified device (Play Integrity without device integrity). */
    DEVICE_NOT_RECOGNIZED("device_not_recognized"),
    /** The key is not proven to live in secure hardware. */
    KEY_NOT_HARDWARE_BACKED("key_not_hardware_backed"),
    /** The key is not in a discrete secure element (StrongBox). */
    STRONGBOX_REQUIRED("strongbox_required"),
    /** Verified boot did not verify the manufacturer's image. */
    BOOT_NOT_VERIFIED("boot_not_verified"),
    /** The bootloader is unlocked: the OS may have been replaced (rooted devices). */
    BOOTLOADER_UNLOCKED("bootloader_unlocked"),
    /** The evidence says nothing of the boot state (App Attest), so a policy that demands it cannot be met. */
    BOOT_STATE_UNKNOWN("boot_state_unknown"),
    /** No secure hardware answered: an emulator, or a device that pretends. */
    EMULATOR("emulator"),
    /** The OS security patch level is older than the policy's minimum. */
    OS_PATCH_LEVEL_TOO_OLD("os_patch_level_too_old"),
    /** The app's version is older than the policy's minimum. */
    APP_VERSION_TOO_OLD("app_version_too_old"),
    /** The attested app is not the registered package, or is signed by another certificate (a repackaged app). */
    APP_NOT_RECOGNIZED("app_not_recognized");

    private final String code;

    DeviceReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
