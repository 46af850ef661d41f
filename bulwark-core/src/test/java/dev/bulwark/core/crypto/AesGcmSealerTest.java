package dev.bulwark.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.bulwark.core.testing.SharedTestData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AesGcmSealerTest {
    private final AesGcmSealer sealer = new AesGcmSealer(SecretBytes.copyOf(new byte[32]), new SecureRandom());

    @Test
    void whenSealedThenOpensWithSameAssociatedDataOnly() {
        byte[] aad = "signing-key:kid-1".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = sealer.seal("private key".getBytes(StandardCharsets.UTF_8), aad);

        assertThat(new String(sealer.open(sealed, aad), StandardCharsets.UTF_8)).isEqualTo("private key");
        assertThatThrownBy(() -> sealer.open(sealed, "signing-key:kid-2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class);
        sealed[20] ^= 1;
        assertThatThrownBy(() -> sealer.open(sealed, aad)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void whenSealedTwiceThenNoncesDiffer() {
        byte[] aad = new byte[0];
        assertThat(sealer.seal(new byte[8], aad)).isNotEqualTo(sealer.seal(new byte[8], aad));
    }

    @Test
    void whenOtherKeyThenDoesNotOpen() {
        byte[] key = new byte[32];
        key[0] = 1;
        var other = new AesGcmSealer(SecretBytes.copyOf(key), new SecureRandom());

        assertThatThrownBy(() -> other.open(sealer.seal(new byte[8], new byte[0]), new byte[0]))
                .isInstanceOf(IllegalStateException.class);
    }

    /** Wycheproof AES-GCM (../shared/testdata): every 256-bit key, 96-bit nonce, 128-bit tag case. */
    @Test
    @SuppressWarnings("unchecked")
    void whenWycheproofVectorsThenValidOnesMatchAndInvalidOnesAreRefused() throws Exception {
        Map<String, Object> suite = JSONObjectUtils.parse(Files.readString(
                SharedTestData.file("wycheproof/aes_gcm_test.json")));
        HexFormat hex = HexFormat.of();
        int checked = 0;
        for (Object groupObject : (List<Object>) suite.get("testGroups")) {
            Map<String, Object> group = (Map<String, Object>) groupObject;
            if (((Number) group.get("keySize")).intValue() != 256 || ((Number) group.get("ivSize")).intValue() != 96
                    || ((Number) group.get("tagSize")).intValue() != 128) {
                continue;
            }
            for (Object testObject : (List<Object>) group.get("tests")) {
                Map<String, Object> test = (Map<String, Object>) testObject;
                byte[] key = hex.parseHex((String) test.get("key"));
                byte[] iv = hex.parseHex((String) test.get("iv"));
                byte[] aad = hex.parseHex((String) test.get("aad"));
                byte[] msg = hex.parseHex((String) test.get("msg"));
                byte[] expected = ByteBuffer.allocate(((String) test.get("ct")).length() / 2
                        + ((String) test.get("tag")).length() / 2).put(hex.parseHex((String) test.get("ct")))
                        .put(hex.parseHex((String) test.get("tag"))).array();
                var opener = new AesGcmSealer(SecretBytes.copyOf(key), new SecureRandom());
                byte[] sealed = ByteBuffer.allocate(iv.length + expected.length).put(iv).put(expected).array();
                if ("valid".equals(test.get("result"))) {
                    assertThat(AesGcmSealer.encrypt(new SecretKeySpec(key, "AES"), iv, msg, aad))
                            .as("tcId " + test.get("tcId")).isEqualTo(expected);
                    assertThat(opener.open(sealed, aad)).as("tcId " + test.get("tcId")).isEqualTo(msg);
                } else {
                    assertThatThrownBy(() -> opener.open(sealed, aad)).as("tcId " + test.get("tcId"))
                            .isInstanceOf(IllegalStateException.class);
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(20);
    }
}
