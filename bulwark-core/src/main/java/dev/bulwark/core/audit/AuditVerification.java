package dev.bulwark.core.audit;

import java.util.List;

/**
 * The outcome of checking the whole audit chain.
 *
 * @param recordsChecked how many records were read
 * @param findings       every break found, in chain order; empty when the chain is intact
 */
public record AuditVerification(long recordsChecked, List<Finding> findings) {
    public AuditVerification {
        findings = List.copyOf(findings);
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
        BROKEN_LINK
    }

    /**
     * @param sequence the record where the break shows
     * @param problem  what kind of break
     * @param message  a sentence for the operator
     */
    public record Finding(long sequence, Problem problem, String message) {
    }
}
