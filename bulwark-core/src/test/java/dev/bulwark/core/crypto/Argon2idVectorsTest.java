package dev.bulwark.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Argon2id implementation Bulwark may use must reproduce the RFC 9106 test vector (§5.3, with secret and
 * associated data) and the reference implementation's vectors (phc-winner-argon2 src/test.c, Argon2id v1.3).
 */
class Argon2idVectorsTest {

    static Stream<Argon2id> implementations() {
        return Stream.of(new BouncyCastleArgon2id(), NativeArgon2id.load());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void whenRfc9106VectorThenTagMatches(Argon2id argon2) {
        byte[] tag = argon2.hash(new Argon2Parameters(32, 3, 4), filled(32, 0x01), filled(16, 0x02),
                filled(8, 0x03), filled(12, 0x04), 32);

        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    record ReferenceVector(int iterations, int log2MemoryKib, int parallelism, String password, String salt,
                           String tag) {
    }

    static Stream<Arguments> referenceVectors() {
        var vectors = List.of(
                new ReferenceVector(2, 16, 1, "password", "somesalt",
                        "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7"),
                new ReferenceVector(2, 8, 1, "password", "somesalt",
                        "9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe"),
                new ReferenceVector(2, 8, 2, "password", "somesalt",
                        "6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037"),
                new ReferenceVector(1, 16, 1, "password", "somesalt",
                        "f6a5adc1ba723dddef9b5ac1d464e180fcd9dffc9d1cbf76cca2fed795d9ca98"),
                new ReferenceVector(4, 16, 1, "password", "somesalt",
                        "9025d48e68ef7395cca9079da4c4ec3affb3c8911fe4f86d1a2520856f63172c"),
                new ReferenceVector(2, 16, 1, "differentpassword", "somesalt",
                        "0b84d652cf6b0c4beaef0dfe278ba6a80df6696281d7e0d2891b817d8c458fde"),
                new ReferenceVector(2, 16, 1, "password", "diffsalt",
                        "bdf32b05ccc42eb15d58fd19b1f856b113da1e9a5874fdcc544308565aa8141c"));
        return implementations().flatMap(argon2 -> vectors.stream().map(v -> Arguments.of(argon2, v)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("referenceVectors")
    void whenReferenceVectorThenTagMatches(Argon2id argon2, ReferenceVector vector) {
        var parameters = new Argon2Parameters(1 << vector.log2MemoryKib(), vector.iterations(), vector.parallelism());

        byte[] tag = argon2.hash(parameters, vector.password().getBytes(StandardCharsets.US_ASCII),
                vector.salt().getBytes(StandardCharsets.US_ASCII), 32);

        assertThat(HexFormat.of().formatHex(tag)).isEqualTo(vector.tag());
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
