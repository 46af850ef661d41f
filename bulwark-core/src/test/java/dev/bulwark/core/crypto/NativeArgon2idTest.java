package dev.bulwark.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NativeArgon2idTest {
    private static final Argon2Parameters PARAMETERS = new Argon2Parameters(256, 2, 1);
    private static final byte[] PASSWORD = "correct horse".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SALT = "sixteen byte sal".getBytes(StandardCharsets.UTF_8);

    @Test
    void whenNoHashRanForAWholeIntervalThenItsMemoryIsFreedAndTheNextHashStillAgrees() {
        var argon2 = NativeArgon2id.load();
        byte[] tag = argon2.hash(PARAMETERS, PASSWORD, SALT, 32);
        assertThat(argon2.heldBytes()).isGreaterThanOrEqualTo(256 * 1024);

        argon2.releaseIdleMemory(); // used since the last call: kept
        assertThat(argon2.heldBytes()).isGreaterThanOrEqualTo(256 * 1024);
        argon2.releaseIdleMemory(); // idle for an interval: freed
        assertThat(argon2.heldBytes()).isZero();

        assertThat(argon2.hash(PARAMETERS, PASSWORD, SALT, 32)).isEqualTo(tag)
                .isEqualTo(new BouncyCastleArgon2id().hash(PARAMETERS, PASSWORD, SALT, 32));
        assertThat(argon2.heldBytes()).isGreaterThanOrEqualTo(256 * 1024);
    }

    @Test
    void whenOneHashRunsAtATimeThenTheSameAreaIsReusedAndKept() {
        var argon2 = NativeArgon2id.load(); // hashes once, in the area that is leased first from then on
        for (int minute = 0; minute < 3; minute++) {
            argon2.hash(PARAMETERS, PASSWORD, SALT, 32);
            argon2.releaseIdleMemory();
            // Leasing in turn would have spread these hashes over every processor's area, each freed and
            // mapped again by turns.
            assertThat(argon2.areasHoldingMemory()).isEqualTo(1);
            assertThat(argon2.heldBytes()).isGreaterThanOrEqualTo(256 * 1024);
        }
    }
}
