package dev.bulwark.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.audit.AuditEvents.UserCreated;
import dev.bulwark.core.audit.AuditEvents.UserDisabled;
import dev.bulwark.core.audit.AuditVerification.Problem;
import dev.bulwark.core.crypto.SecretBytes;
import dev.bulwark.core.identity.Role;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.testing.InMemoryAuditLog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditVerifierTest {
    private final AuditChain chain = new AuditChain(key(7));
    private final InMemoryAuditLog log = new InMemoryAuditLog();
    private final AuditTrail trail = new AuditTrail(log, chain,
            Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    private final AuditVerifier verifier = new AuditVerifier(log, chain);

    @BeforeEach
    void fiveEvents() {
        for (int i = 0; i < 5; i++) {
            UserId id = UserId.random();
            trail.record(new UserCreated(id, Username.of("user" + i), Set.of(Role.ADMIN)), Actor.cli("root"));
        }
    }

    @Test
    void whenUntouchedThenIntact() {
        AuditVerification result = verifier.verify();

        assertThat(result.intact()).isTrue();
        assertThat(result.recordsChecked()).isEqualTo(5);
    }

    @Test
    void whenEmptyThenIntact() {
        var empty = new InMemoryAuditLog();
        assertThat(new AuditVerifier(empty, chain).verify().intact()).isTrue();
    }

    @Test
    void whenDetailsEditedThenThatRecordIsReportedAltered() {
        log.replace(3, r -> new AuditRecord(r.sequence(), r.occurredAt(), r.type(), r.actor(), r.subject(),
                r.details().replace("user2", "mallory"), r.previousMac(), r.mac()));

        AuditVerification result = verifier.verify();

        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.sequence()).isEqualTo(3);
            assertThat(f.problem()).isEqualTo(Problem.ALTERED);
            assertThat(f.message()).contains("record 3");
        });
    }

    @Test
    void whenTimeOrActorEditedThenAltered() {
        log.replace(2, r -> new AuditRecord(r.sequence(), r.occurredAt().minusSeconds(3600), r.type(), r.actor(),
                r.subject(), r.details(), r.previousMac(), r.mac()));
        log.replace(4, r -> new AuditRecord(r.sequence(), r.occurredAt(), r.type(), "system", r.subject(),
                r.details(), r.previousMac(), r.mac()));

        assertThat(verifier.verify().findings()).extracting(AuditVerification.Finding::sequence).containsExactly(2L, 4L);
    }

    @Test
    void whenRecordDeletedThenGapReported() {
        log.remove(3);

        AuditVerification result = verifier.verify();

        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.sequence()).isEqualTo(4);
            assertThat(f.problem()).isEqualTo(Problem.MISSING);
            assertThat(f.message()).contains("record 3 is missing");
        });
    }

    @Test
    void whenDeletedAndRenumberedWithoutKeyThenAltered() {
        // An attacker deletes record 3 and renumbers 4 and 5 to close the gap.
        var four = log.all().get(3);
        var five = log.all().get(4);
        log.remove(3);
        log.remove(4);
        log.remove(5);
        log.insert(renumbered(four, 3));
        log.insert(renumbered(five, 4));

        assertThat(verifier.verify().findings()).extracting(AuditVerification.Finding::problem)
                .containsExactly(Problem.ALTERED, Problem.ALTERED);
    }

    @Test
    void whenRecordForgedWithAnotherKeyThenAltered() {
        var forger = new AuditChain(key(9));
        AuditRecord head = log.all().get(4);
        log.insert(forger.seal(6, Instant.now(), new UserDisabled(UserId.random()), Actor.SYSTEM, head.mac()));

        AuditVerification result = verifier.verify();

        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.sequence()).isEqualTo(6);
            assertThat(f.problem()).isEqualTo(Problem.ALTERED);
        });
    }

    @Test
    void whenValidRecordReplayedAtAnotherPlaceThenDetected() {
        // Copying record 2's exact fields over record 4 keeps a valid MAC but not its place in the chain.
        AuditRecord two = log.all().get(1);
        log.replace(4, r -> two);
        log.remove(2);

        assertThat(verifier.verify().intact()).isFalse();
    }

    @Test
    void whenNewestRecordsDeletedThenOnlyAnOutsideHeadRevealsIt() {
        ChainHead head = verifier.verify().head().orElseThrow();
        assertThat(head.sequence()).isEqualTo(5);
        assertThat(ChainHead.parse(head.toString())).isEqualTo(head);

        log.remove(5);
        log.remove(4);

        assertThat(verifier.verify().intact()).as("a shorter chain is still a valid chain").isTrue();
        AuditVerification withHead = verifier.verify(java.util.Optional.of(head));
        assertThat(withHead.findings()).singleElement().satisfies(f -> {
            assertThat(f.problem()).isEqualTo(Problem.TRUNCATED);
            assertThat(f.sequence()).isEqualTo(5);
        });
    }

    @Test
    void whenExpectedHeadStillInChainThenIntact() {
        ChainHead head = verifier.verify().head().orElseThrow();
        trail.record(new UserDisabled(UserId.random()), Actor.SYSTEM);

        assertThat(verifier.verify(java.util.Optional.of(head)).intact()).isTrue();
        assertThat(trail.head().orElseThrow().sequence()).isEqualTo(6);
    }

    @Test
    void whenChainSealedThenEachRecordLinksToPrevious() {
        var records = log.all();
        assertThat(records.get(0).previousMac()).isEqualTo(AuditChain.GENESIS);
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).previousMac()).isEqualTo(records.get(i - 1).mac());
        }
        assertThat(records.get(0).details()).isEqualTo("{\"roles\":\"admin\",\"username\":\"user0\"}");
        assertThat(records.get(0).actor()).isEqualTo("cli:root");
    }

    private static AuditRecord renumbered(AuditRecord r, long sequence) {
        return new AuditRecord(sequence, r.occurredAt(), r.type(), r.actor(), r.subject(), r.details(),
                r.previousMac(), r.mac());
    }

    private static SecretBytes key(int fill) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) fill);
        return SecretBytes.copyOf(bytes);
    }
}
