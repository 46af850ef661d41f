package dev.bulwark.core.audit;

import java.util.List;

/** Port: the stored audit chain. Appends are serialised so that the chain has one head. Never returns null. */
public interface AuditLog {

    /** Builds the next record from the chain's head. */
    @FunctionalInterface
    interface Sealer {
        /**
         * @param sequence    the sequence number the new record must take
         * @param previousMac the MAC of the current head, or {@link AuditChain#GENESIS} when the chain is empty
         */
        AuditRecord seal(long sequence, String previousMac);
    }

    /**
     * Appends the record that {@code sealer} builds from the current head, within the caller's transaction
     * when there is one, so that an event commits or rolls back with the change it describes.
     */
    AuditRecord append(Sealer sealer);

    /**
     * Appends the records that {@code sealers} build, in order, each chained to the one before: for bulk loads (an
     * import, the scale benchmark's seeding), where the store may write them in one round trip.
     */
    default List<AuditRecord> appendAll(List<Sealer> sealers) {
        return sealers.stream().map(this::append).toList();
    }

    /** Records with a sequence number of at least {@code fromSequence}, ascending, at most {@code limit}. */
    List<AuditRecord> readFrom(long fromSequence, int limit);

    /** The newest records, oldest first, at most {@code limit}. */
    List<AuditRecord> latest(int limit);
}
