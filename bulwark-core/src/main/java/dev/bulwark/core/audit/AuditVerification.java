package dev.bulwark.core.audit;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking the whole audit chain.
 *
 * @param recordsChecked how many records were read
 * @param findings       every break found, in chain order; empty when the chain is intact
 * @param head           the newest record, to keep outside the database for the next check; empty when there are
 *                       no records
 */
public record AuditVerification(long recordsChecked, List<Finding> findings, Optional<ChainHead> head) {
    public AuditVerification {
        findings = List.copyOf(findings);
        java.util.Objects.requireNonNull(head, "head");
    }

    public boolean intact() {
        return findings.isEmpty();
    }

    /** What kind of tampering a break points to. */
    public enum Problem {
        /** The record's MAC does not match its content: it was edited, or forged and inserted. */
        ALTERED,
        /** Sequence numbers jump: records were deleted. */
        MISSING,
        /** The record does not link to the one before it: records were deleted, inserted or reordered. */
        BROKEN_LINK,
        /** A head seen earlier is no longer in the chain: records were deleted from its end, or it was rewritten. */
        TRUNCATED
    }

    /**
     * @param sequence the record where the break shows
     * @param problem  what kind of break
     * @param message  a sentence for the operator
     */
    public record Finding(long sequence, Problem problem, String message) {
    }
}
