package dev.bulwark.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The root secret from which Bulwark derives its purpose-bound keys with HKDF-SHA256 (RFC 5869), so that no
 * two uses ever share a key. It comes from configuration, the environment or a file, and in development mode
 * may be generated; a KMS-held key will sit behind the same type later.
 */
public final class MasterKey {
    public static final int LENGTH = 32;

    private final SecretBytes key;
    private final boolean generatedForDevelopment;

    private MasterKey(SecretBytes key, boolean generatedForDevelopment) {
        if (key.length() != LENGTH) {
            throw new IllegalArgumentException("a master key has exactly " + LENGTH + " bytes");
        }
        this.key = key;
        this.generatedForDevelopment = generatedForDevelopment;
    }

    /** A key provided by the operator. */
    public static MasterKey of(SecretBytes key) {
        return new MasterKey(key, false);
    }

    /** A key that Bulwark generated and kept on disk in development mode; production refuses these. */
    public static MasterKey development(SecretBytes key) {
        return new MasterKey(key, true);
    }

    public static SecretBytes generate(SecureRandom random) {
        byte[] bytes = new byte[LENGTH];
        random.nextBytes(bytes);
        return SecretBytes.copyOf(bytes);
    }

    public boolean generatedForDevelopment() {
        return generatedForDevelopment;
    }

    /**
     * Derives the key for one purpose.
     *
     * @param purpose a fixed label, such as {@code bulwark/audit-chain/v1}; different labels give independent keys
     */
    public SecretBytes derive(String purpose, int length) {
        Objects.requireNonNull(purpose, "purpose");
        var hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(key.reveal(), null, purpose.getBytes(StandardCharsets.UTF_8)));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return SecretBytes.copyOf(out);
    }

    /** A short, non-secret identifier of this key, to tell keys apart in logs and diagnostics. */
    public String fingerprint() {
        return HexFormat.of().formatHex(derive("bulwark/key-fingerprint/v1", 8).reveal());
    }

    @Override
    public String toString() {
        return "MasterKey[" + fingerprint() + ", redacted]";
    }
}
