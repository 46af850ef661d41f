package dev.bulwark.core.testing;

import dev.bulwark.core.audit.AuditChain;
import dev.bulwark.core.audit.AuditLog;
import dev.bulwark.core.audit.AuditRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A test double of the audit store that, unlike a real one, lets a test tamper with it directly. */
public final class InMemoryAuditLog implements AuditLog {
    private final List<AuditRecord> records = new ArrayList<>();

    @Override
    public synchronized AuditRecord append(Sealer sealer) {
        AuditRecord head = records.isEmpty() ? null : records.get(records.size() - 1);
        AuditRecord record = sealer.seal(head == null ? 1 : head.sequence() + 1,
                head == null ? AuditChain.GENESIS : head.mac());
        records.add(record);
        return record;
    }

    @Override
    public synchronized List<AuditRecord> readFrom(long fromSequence, int limit) {
        return records.stream().filter(r -> r.sequence() >= fromSequence).limit(limit).toList();
    }

    @Override
    public synchronized List<AuditRecord> latest(int limit) {
        return List.copyOf(records.subList(Math.max(0, records.size() - limit), records.size()));
    }

    public synchronized List<AuditRecord> all() {
        return List.copyOf(records);
    }

    public synchronized void replace(long sequence, UnaryOperator<AuditRecord> edit) {
        records.replaceAll(r -> r.sequence() == sequence ? edit.apply(r) : r);
    }

    public synchronized void remove(long sequence) {
        records.removeIf(r -> r.sequence() == sequence);
    }

    /** Inserts a record at its sequence position, shifting nothing (as an attacker writing SQL would). */
    public synchronized void insert(AuditRecord record) {
        records.add(record);
        records.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
    }
}
