package dev.bulwark.server.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.testing.AndroidAttestationCa;
import dev.bulwark.core.testing.AndroidAttestationCa.Description;
import dev.bulwark.core.testing.MovableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status list read from a file: cached, refreshed, kept through an outage for a while, never accepted unread. */
class CachedStatusListTest {
    @TempDir
    Path directory;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final X509Certificate certificate = new AndroidAttestationCa().chain(AndroidAttestationCa.generate(),
            Description.healthy(new byte[0])).get(0);

    private String revoking() {
        return "{\"entries\":{\"" + certificate.getSerialNumber().toString(16) + "\":{\"status\":\"REVOKED\"}}}";
    }

    @Test
    void aListIsCachedRefreshedAndKeptThroughAnOutageForAWeek() throws Exception {
        Path file = directory.resolve("status.json");
        Files.writeString(file, "{\"entries\":{}}");
        var list = new CachedStatusList(file.toString(), Duration.ofHours(1), clock);
        assertThat(list.status(certificate)).isEmpty();

        Files.writeString(file, revoking());
        assertThat(list.status(certificate)).as("cached for an hour").isEmpty();
        clock.advance(Duration.ofMinutes(61));
        assertThat(list.status(certificate)).contains("REVOKED");

        Files.delete(file);
        clock.advance(Duration.ofMinutes(61));
        assertThat(list.status(certificate)).as("the last copy through an outage").contains("REVOKED");
        clock.advance(Duration.ofDays(7));
        assertThatThrownBy(() -> list.status(certificate)).isInstanceOf(DomainException.class)
                .hasMessageContaining("cannot be read");
    }

    @Test
    void withoutAnyCopyAttestationsAreRefusedAndTheNextTryWaitsAMinute() throws Exception {
        Path file = directory.resolve("missing.json");
        var list = new CachedStatusList(file.toString(), Duration.ofHours(1), clock);
        assertThatThrownBy(() -> list.status(certificate)).isInstanceOf(DomainException.class);

        Files.writeString(file, revoking());
        assertThatThrownBy(() -> list.status(certificate)).as("no new read within the minute")
                .isInstanceOf(DomainException.class);
        clock.advance(Duration.ofSeconds(61));
        assertThat(list.status(certificate)).contains("REVOKED");
    }
}
