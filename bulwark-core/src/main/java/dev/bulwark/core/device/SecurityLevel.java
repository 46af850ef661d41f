package dev.bulwark.core.device;

/** Where Android's attestation or KeyMint runs (the KeyDescription's SecurityLevel enumeration, in its order). */
public enum SecurityLevel {
    SOFTWARE, TRUSTED_ENVIRONMENT, STRONG_BOX;

    static SecurityLevel of(int value) {
        if (value < 0 || value >= values().length) {
            throw KeyDescription.malformed("unknown security level " + value);
        }
        return values()[value];
    }
}
