package dev.bulwark.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.crypto.SecretBytes;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RefreshTokenFormatTest {
    private static final SessionId SESSION = SessionId.random(new SecureRandom());
    private final RefreshTokenFormat format = new RefreshTokenFormat(key(1));

    private static SecretBytes key(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return SecretBytes.copyOf(key);
    }

    private static String encoded(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Test
    void whenATokenIsIssuedThenItReadsBackAsItsSessionAndGenerationAndIsTheSameEachTime() {
        String token = format.issue(SESSION, 41);

        assertThat(format.read(token)).contains(new RefreshTokenFormat.Named(SESSION, 41));
        assertThat(format.issue(SESSION, 41)).isEqualTo(token);
        assertThat(format.issue(SESSION, 42)).isNotEqualTo(token);
        assertThat(token).matches("[A-Za-z0-9_-]{86}");
    }

    @Test
    void whenATokenIsMadeWithAnotherKeyOrAlteredOrIsNoTokenThenItReadsAsNothing() {
        String token = format.issue(SESSION, 7);
        byte[] bytes = Base64.getUrlDecoder().decode(token);

        assertThat(new RefreshTokenFormat(key(2)).read(token)).isEmpty();
        for (int i = 0; i < bytes.length; i++) {
            byte[] altered = bytes.clone();
            altered[i] ^= 0x10;
            assertThat(format.read(encoded(altered))).as("byte %d altered", i).isEmpty();
        }
        byte[] legacy = new byte[32];
        legacy[0] = 2; // a token from before, starting like one of ours
        assertThat(format.read(encoded(legacy))).isEmpty();
        assertThat(format.read("")).isEmpty();
        assertThat(format.read("not base64url!")).isEmpty();
        assertThat(format.read(token.substring(0, 80))).isEmpty();
    }
}
