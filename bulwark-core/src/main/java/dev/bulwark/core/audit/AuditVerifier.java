package dev.bulwark.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
        return verify(Optional.empty());
    }

    /**
     * @param expectedHead a head recorded earlier, outside the database: the chain must still contain it
     */
    public AuditVerification verify(Optional<ChainHead> expectedHead) {
        List<AuditVerification.Finding> findings = new ArrayList<>();
        long expectedSequence = 1;
        String previousMac = AuditChain.GENESIS;
        long checked = 0;
        boolean expectedHeadSeen = false;
        AuditRecord last = null;
        List<AuditRecord> page = log.readFrom(1, PAGE);
        while (!page.isEmpty()) {
            for (AuditRecord record : page) {
                checked++;
                check(record, expectedSequence, previousMac, findings);
                expectedHeadSeen |= expectedHead.map(head -> head.sequence() == record.sequence()
                        && head.mac().equals(record.mac())).orElse(false);
                expectedSequence = record.sequence() + 1;
                previousMac = record.mac();
                last = record;
            }
            page = log.readFrom(expectedSequence, PAGE);
        }
        if (expectedHead.isPresent() && !expectedHeadSeen) {
            long sequence = expectedHead.get().sequence();
            findings.add(new AuditVerification.Finding(sequence, AuditVerification.Problem.TRUNCATED,
                    "the chain no longer holds the head recorded earlier (record " + sequence + "): records were "
                            + "deleted from its end, or the chain was rewritten"));
        }
        Optional<ChainHead> head = last == null ? Optional.empty() : Optional.of(new ChainHead(last.sequence(), last.mac()));
        return new AuditVerification(checked, findings, head);
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
