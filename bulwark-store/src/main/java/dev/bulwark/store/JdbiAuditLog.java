package dev.bulwark.store;

import dev.bulwark.core.audit.AuditChain;
import dev.bulwark.core.audit.AuditLog;
import dev.bulwark.core.audit.AuditRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbiAuditLog implements AuditLog {
    private static final String COLUMNS =
            "sequence, occurred_at, type, actor, subject, details, previous_mac, mac";

    private final JdbiTransactions transactions;
    private final Dialect dialect;

    JdbiAuditLog(JdbiTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
    }

    private static final String INSERT = "INSERT INTO audit_events (" + COLUMNS + ") VALUES (:sequence, "
            + ":occurredAt, :type, :actor, :subject, :details, :previousMac, :mac)";

    @Override
    public AuditRecord append(Sealer sealer) {
        return appendAll(List.of(sealer)).get(0);
    }

    @Override
    public List<AuditRecord> appendAll(List<Sealer> sealers) {
        if (sealers.isEmpty()) {
            return List.of();
        }
        return transactions.write(handle -> {
            dialect.lockAuditChain(handle);
            Optional<AuditRecord> head = handle
                    .createQuery("SELECT " + COLUMNS + " FROM audit_events ORDER BY sequence DESC LIMIT 1")
                    .map(JdbiAuditLog::record)
                    .findOne();
            long sequence = head.map(AuditRecord::sequence).orElse(0L);
            String previousMac = head.map(AuditRecord::mac).orElse(AuditChain.GENESIS);
            List<AuditRecord> records = new ArrayList<>(sealers.size());
            PreparedBatch batch = handle.prepareBatch(INSERT);
            for (Sealer sealer : sealers) {
                AuditRecord record = sealer.seal(++sequence, previousMac);
                previousMac = record.mac();
                records.add(record);
                batch.bind("sequence", record.sequence())
                        .bind("occurredAt", record.occurredAt().toEpochMilli())
                        .bind("type", record.type())
                        .bind("actor", record.actor())
                        .bind("subject", record.subject())
                        .bind("details", record.details())
                        .bind("previousMac", record.previousMac())
                        .bind("mac", record.mac())
                        .add();
            }
            batch.execute();
            return records;
        });
    }

    @Override
    public List<AuditRecord> readFrom(long fromSequence, int limit) {
        return transactions.read(handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM audit_events WHERE sequence >= :from ORDER BY sequence "
                        + "LIMIT :limit")
                .bind("from", fromSequence)
                .bind("limit", limit)
                .map(JdbiAuditLog::record)
                .list());
    }

    @Override
    public List<AuditRecord> latest(int limit) {
        List<AuditRecord> newestFirst = transactions.read(handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM audit_events ORDER BY sequence DESC LIMIT :limit")
                .bind("limit", limit)
                .map(JdbiAuditLog::record)
                .list());
        List<AuditRecord> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    private static AuditRecord record(ResultSet rs, StatementContext context) throws SQLException {
        return new AuditRecord(rs.getLong("sequence"), Instant.ofEpochMilli(rs.getLong("occurred_at")),
                rs.getString("type"), rs.getString("actor"), rs.getString("subject"), rs.getString("details"),
                rs.getString("previous_mac"), rs.getString("mac"));
    }
}
