package dev.bulwark.core.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One sealed entry of the audit trail, as stored.
 *
 * @param sequence    position in the chain, from 1 without gaps
 * @param occurredAt  when, to the millisecond
 * @param type        event type, such as {@code user.created}
 * @param actor       who, in {@link Actor#encoded()} form
 * @param subject     the user the event is about, or empty
 * @param details     the event's details as canonical JSON (see {@link CanonicalJson})
 * @param previousMac the MAC of the record before, or {@link AuditChain#GENESIS} for the first
 * @param mac         HMAC-SHA256 over all of the above, keyed with the audit key, in hex
 */
public record AuditRecord(long sequence, Instant occurredAt, String type, String actor, String subject,
                          String details, String previousMac, String mac) {
    public AuditRecord {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(previousMac, "previousMac");
        Objects.requireNonNull(mac, "mac");
    }
}
