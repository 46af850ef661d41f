package dev.bulwark.core.device;

/**
 * The device's boot state as its secure hardware saw it: the key that verified the boot image, whether the
 * bootloader is locked, and the verified-boot result.
 */
public record RootOfTrust(byte[] verifiedBootKey, boolean deviceLocked, VerifiedBootState verifiedBootState,
                          byte[] verifiedBootHash) {

    /** Android Verified Boot's states, in the schema's order. */
    public enum VerifiedBootState {
        /** Booted an image signed by the manufacturer's key. */
        VERIFIED,
        /** Booted an image signed by a user-installed key. */
        SELF_SIGNED,
        /** The bootloader is unlocked: anything may have booted. */
        UNVERIFIED,
        /** Verification failed. */
        FAILED
    }

    public RootOfTrust {
        verifiedBootKey = verifiedBootKey.clone();
        verifiedBootHash = verifiedBootHash.clone();
    }

    @Override
    public byte[] verifiedBootKey() {
        return verifiedBootKey.clone();
    }

    @Override
    public byte[] verifiedBootHash() {
        return verifiedBootHash.clone();
    }
}
