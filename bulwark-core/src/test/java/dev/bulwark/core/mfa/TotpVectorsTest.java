package dev.bulwark.core.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The published vectors: RFC 6238 Appendix B (all three hash functions, each with its own key) and RFC 4226 Appendix D. */
class TotpVectorsTest {
    private static SecretBytes key(OtpAlgorithm algorithm) {
        String seed = switch (algorithm) {
            case SHA1 -> "12345678901234567890";
            case SHA256 -> "12345678901234567890123456789012";
            case SHA512 -> "1234567890123456789012345678901234567890123456789012345678901234";
        };
        return SecretBytes.copyOf(seed.getBytes(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest(name = "T={0} {2}")
    @CsvSource({
            "59, 94287082, SHA1", "59, 46119246, SHA256", "59, 90693936, SHA512",
            "1111111109, 07081804, SHA1", "1111111109, 68084774, SHA256", "1111111109, 25091201, SHA512",
            "1111111111, 14050471, SHA1", "1111111111, 67062674, SHA256", "1111111111, 99943326, SHA512",
            "1234567890, 89005924, SHA1", "1234567890, 91819424, SHA256", "1234567890, 93441116, SHA512",
            "2000000000, 69279037, SHA1", "2000000000, 90698825, SHA256", "2000000000, 38618901, SHA512",
            "20000000000, 65353130, SHA1", "20000000000, 77737706, SHA256", "20000000000, 47863826, SHA512"})
    void whenTheRfc6238VectorIsComputedThenTheCodeMatches(long seconds, String expected, OtpAlgorithm algorithm) {
        Totp totp = new Totp(algorithm, 8, Duration.ofSeconds(30));

        String code = totp.code(key(algorithm), totp.stepAt(Instant.ofEpochSecond(seconds)));

        assertThat(code).isEqualTo(expected);
    }

    @Test
    void whenTheRfc4226CountersAreComputedThenTheCodesMatch() {
        List<String> expected = List.of("755224", "287082", "359152", "969429", "338314", "254676", "287922",
                "162583", "399871", "520489");
        Totp hotp = Totp.DEFAULT;

        for (int counter = 0; counter < expected.size(); counter++) {
            assertThat(hotp.code(key(OtpAlgorithm.SHA1), counter)).as("counter %d", counter)
                    .isEqualTo(expected.get(counter));
        }
    }

    @Test
    void whenASeedIsEncodedThenItIsRfc4648Base32WithoutPadding() {
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Base32.encode("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
        assertThat(Base32.encode(new byte[0])).isEmpty();
    }
}
