package dev.bulwark.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Walks the whole audit chain in order and reports every record that was edited, deleted or inserted. */
public final class AuditVerifier {
    private static final int PAGE = 1_000;

    private final AuditLog log;
    private final AuditChain chain;

    public AuditVerifier(AuditLog log, AuditChain chain) {
        this.log = Objects.requireNonNull(log, "log");
        this.chain = Objects.requireNonNull(chain, "chain");
    }

    public AuditVerification verify() {
        List<AuditVerification.Finding> findings = new ArrayList<>();
        long expectedSequence = 1;
        String previousMac = AuditChain.GENESIS;
        long checked = 0;
        List<AuditRecord> page = log.readFrom(1, PAGE);
        while (!page.isEmpty()) {
            for (AuditRecord record : page) {
                checked++;
                check(record, expectedSequence, previousMac, findings);
                expectedSequence = record.sequence() + 1;
                previousMac = record.mac();
            }
            page = log.readFrom(expectedSequence, PAGE);
        }
        return new AuditVerification(checked, findings);
    }

    private void check(AuditRecord record, long expectedSequence, String previousMac,
                       List<AuditVerification.Finding> findings) {
        long sequence = record.sequence();
        boolean sealIntact = chain.sealIntact(record);
        if (!sealIntact) {
            findings.add(new AuditVerification.Finding(sequence, AuditVerification.Problem.ALTERED,
                    "record " + sequence + " does not match its MAC: it was edited, or inserted without the audit key"));
        }
        if (sequence != expectedSequence) {
            String missing = sequence == expectedSequence + 1 ? "record " + expectedSequence + " is missing"
                    : "records " + expectedSequence + " to " + (sequence - 1) + " are missing";
            findings.add(new AuditVerification.Finding(sequence, AuditVerification.Problem.MISSING,
                    missing + " before record " + sequence + ": deleted"));
        } else if (sealIntact && !record.previousMac().equals(previousMac)) {
            findings.add(new AuditVerification.Finding(sequence, AuditVerification.Problem.BROKEN_LINK,
                    "record " + sequence + " does not follow the record before it: records were deleted, inserted or reordered"));
        }
    }
}
