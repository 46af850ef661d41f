package dev.bulwark.core.audit;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Records security events into the sealed audit chain. */
public final class AuditTrail {
    private final AuditLog log;
    private final AuditChain chain;
    private final Clock clock;

    public AuditTrail(AuditLog log, AuditChain chain, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.chain = Objects.requireNonNull(chain, "chain");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The newest records, oldest first, at most {@code limit}. */
    public List<AuditRecord> latest(int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1 to 10000");
        }
        return log.latest(limit);
    }

    /** The newest record's sequence number and MAC, to keep outside the database; empty when nothing was recorded. */
    public Optional<ChainHead> head() {
        return log.latest(1).stream().findFirst().map(record -> new ChainHead(record.sequence(), record.mac()));
    }

    /** An event and who caused it, for {@link #recordAll}. */
    public record Entry(AuditEvent event, Actor actor) {
        public Entry {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** Appends the event, within the caller's transaction when there is one. */
    public AuditRecord record(AuditEvent event, Actor actor) {
        return log.append(sealer(new Entry(event, actor)));
    }

    /** Appends the events in order, for bulk loads; within the caller's transaction when there is one. */
    public List<AuditRecord> recordAll(List<Entry> entries) {
        return log.appendAll(entries.stream().map(this::sealer).toList());
    }

    private AuditLog.Sealer sealer(Entry entry) {
        return (sequence, previousMac) -> chain.seal(sequence, clock.instant(), entry.event(), entry.actor(),
                previousMac);
    }
}
