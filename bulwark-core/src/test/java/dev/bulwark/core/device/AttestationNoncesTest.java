package dev.bulwark.core.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.crypto.SecretBytes;
import dev.bulwark.core.oauth.ReplayCache;
import dev.bulwark.core.testing.MovableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttestationNoncesTest {
    private static final ClientId BANK = new ClientId("bank");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final Map<String, Instant> seen = new HashMap<>();
    private final ReplayCache replays = (key, now, expiresAt) -> {
        Instant until = seen.get(key);
        if (until != null && until.isAfter(now)) {
            return false;
        }
        seen.put(key, expiresAt);
        return true;
    };
    private final AttestationNonces nonces = new AttestationNonces(SecretBytes.copyOf(new byte[32]), replays, clock,
            new SecureRandom());

    @Test
    void aNonceIsGoodOnceForItsAppAndAttempt() {
        String nonce = nonces.issue(BANK, "attempt-1");

        assertThat(nonces.consume(nonce, new ClientId("other"), "attempt-1")).isFalse();
        assertThat(nonces.consume(nonce, BANK, "attempt-2")).isFalse();
        assertThat(nonces.consume(nonce, BANK, "attempt-1")).isTrue();
        assertThat(nonces.consume(nonce, BANK, "attempt-1")).as("single use").isFalse();
    }

    @Test
    void aNonceExpiresAfterFiveMinutes() {
        String nonce = nonces.issue(BANK, "attempt-1");
        clock.advance(AttestationNonces.LIFETIME.plus(Duration.ofSeconds(1)));

        assertThat(nonces.consume(nonce, BANK, "attempt-1")).isFalse();
    }

    @Test
    void aForgedOrMangledNonceIsRefused() {
        String nonce = nonces.issue(BANK, "attempt-1");
        String otherKey = new AttestationNonces(SecretBytes.copyOf(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}), replays, clock,
                new SecureRandom()).issue(BANK, "attempt-1");

        assertThat(nonces.consume(otherKey, BANK, "attempt-1")).isFalse();
        assertThat(nonces.consume(nonce.replace('.', '-'), BANK, "attempt-1")).isFalse();
        assertThat(nonces.consume("AAAA." + nonce.substring(nonce.indexOf('.') + 1), BANK, "attempt-1")).isFalse();
        assertThat(nonces.consume("%%%.%%%", BANK, "attempt-1")).isFalse();
        assertThat(nonces.consume(null, BANK, "attempt-1")).isFalse();
    }
}
