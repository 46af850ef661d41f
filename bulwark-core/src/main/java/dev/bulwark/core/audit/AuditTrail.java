package dev.bulwark.core.audit;

import java.time.Clock;
import java.util.Objects;

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

    /** Appends the event, within the caller's transaction when there is one. */
    public AuditRecord record(AuditEvent event, Actor actor) {
        return log.append((sequence, previousMac) -> chain.seal(sequence, clock.instant(), event, actor, previousMac));
    }
}
