package dev.bulwark.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MasterKeyTest {
    private static final byte[] IKM = HexFormat.of().parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private final MasterKey key = MasterKey.of(SecretBytes.copyOf(IKM));

    @Test
    void whenSamePurposeThenSameKey() {
        assertThat(key.derive("bulwark/test/v1", 32).equalsSecret(key.derive("bulwark/test/v1", 32))).isTrue();
    }

    @Test
    void whenDifferentPurposeThenIndependentKey() {
        assertThat(key.derive("bulwark/a/v1", 32).equalsSecret(key.derive("bulwark/b/v1", 32))).isFalse();
    }

    @Test
    void whenReferenceHkdfCheckedAgainstRfc5869ThenItMatches() throws Exception {
        // RFC 5869 A.3: SHA-256, zero-length salt and info.
        byte[] okm = referenceHkdf(HexFormat.of().parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), new byte[0], 42);

        assertThat(HexFormat.of().formatHex(okm)).isEqualTo(
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    void whenDerivedThenEqualsHkdfSha256OfPurpose() throws Exception {
        byte[] expected = referenceHkdf(IKM, "bulwark/audit-chain/v1".getBytes(StandardCharsets.UTF_8), 32);

        assertThat(key.derive("bulwark/audit-chain/v1", 32).reveal()).isEqualTo(expected);
    }

    @Test
    void whenPrintedThenKeyHidden() {
        assertThat(key.toString()).doesNotContain("000102").contains(key.fingerprint());
        assertThat(key.fingerprint()).hasSize(16);
    }

    @Test
    void whenWrongLengthThenRefused() {
        assertThatThrownBy(() -> MasterKey.of(SecretBytes.copyOf(new byte[16]))).isInstanceOf(IllegalArgumentException.class);
    }

    /** An independent HKDF-SHA256 (RFC 5869 §2) with an empty salt, from the JDK's HMAC. */
    private static byte[] referenceHkdf(byte[] ikm, byte[] info, int length) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        var okm = new ByteArrayOutputStream();
        byte[] block = new byte[0];
        for (int counter = 1; okm.size() < length; counter++) {
            mac.update(block);
            mac.update(info);
            mac.update((byte) counter);
            block = mac.doFinal();
            okm.writeBytes(block);
        }
        byte[] out = new byte[length];
        System.arraycopy(okm.toByteArray(), 0, out, 0, length);
        return out;
    }
}
