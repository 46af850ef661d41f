package dev.bulwark.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.MDC;

/**
 * SQLite's one writer connection on a thread of its own, which commits the write transactions that queued up
 * while it was busy together: each runs in a savepoint of one database transaction, and the disk syncs once for
 * all of them. A transaction that throws is rolled back to its savepoint and its caller gets what it threw; the
 * others still commit. Each caller learns its outcome only once the shared commit has reached the disk, and if
 * that commit fails, every caller in it learns that its transaction did not commit. Under load this turns one
 * disk sync per transaction into one per batch (refreshes: about a quarter more per second, docs/benchmarks.md);
 * a transaction that arrives alone commits alone, as before.
 */
final class GroupCommit implements AutoCloseable {
    /** Bounds how long the first transaction of a batch waits for the last. */
    private static final int MOST_PER_COMMIT = 64;
    /**
     * Bounds the queue, and so the memory and the wait of what is queued. The server sheds load long before this
     * (it lets some tens of requests run at once), so only something gone wrong fills it; then writes fail at once
     * as unavailable rather than queue without end.
     */
    static final int MOST_WAITING = 4_096;
    private static final String SAVEPOINT = "bulwark_unit";

    private final Jdbi writer;
    private final ThreadLocal<Handle> current;
    private final UnaryOperator<RuntimeException> translate;
    private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>(MOST_WAITING + 1); // + the last
    /** Held while queueing and while closing, so that nothing is queued after the last batch. */
    private final ReentrantLock queueing = new ReentrantLock();
    private final Thread thread;
    private boolean closed;

    /**
     * @param current   the handle of the transaction the current thread runs in, which repositories write through
     * @param translate what a database failure becomes for the caller
     */
    GroupCommit(Jdbi writer, ThreadLocal<Handle> current, UnaryOperator<RuntimeException> translate) {
        this.writer = writer;
        this.current = current;
        this.translate = translate;
        this.thread = Thread.ofPlatform().name("bulwark-writer").daemon(true).start(this::commitBatches);
    }

    /**
     * Queues a transaction; the future completes when it has committed, or with what it threw.
     *
     * @throws RejectedExecutionException when the store is closed, or {@link #MOST_WAITING} transactions wait already
     */
    <T> Future<T> submit(Supplier<T> work) {
        var unit = new Unit<>(work, MDC.getCopyOfContextMap());
        queueing.lock();
        try {
            if (closed) {
                throw new RejectedExecutionException("the store is closed");
            }
            if (queue.size() >= MOST_WAITING || !queue.offer(unit)) {
                throw new RejectedExecutionException("too many writes wait for the database");
            }
        } finally {
            queueing.unlock();
        }
        return unit.outcome;
    }

    /** How many transactions wait for the writer now (for tests). */
    int waiting() {
        return queue.size();
    }

    private void commitBatches() {
        List<Unit<?>> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // Only close() ends this thread, and only once the queue is empty.
                continue;
            }
            queue.drainTo(batch, MOST_PER_COMMIT - 1);
            boolean last = batch.getLast() == Unit.LAST;
            if (last) {
                batch.removeLast();
            }
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
            if (last) {
                return;
            }
        }
    }

    private void commit(List<Unit<?>> batch) {
        try {
            writer.useTransaction(handle -> {
                current.set(handle);
                try {
                    for (Unit<?> unit : batch) {
                        unit.runIn(handle);
                    }
                } finally {
                    current.remove();
                }
            });
        } catch (RuntimeException | Error notCommitted) {
            Throwable failure = notCommitted instanceof RuntimeException runtime ? translate.apply(runtime)
                    : new IllegalStateException("the commit failed", notCommitted);
            batch.forEach(unit -> unit.finish(translate, failure));
            return;
        }
        batch.forEach(unit -> unit.finish(translate, null));
    }

    /** Commits what is queued, then stops the thread (waiting at most 30 seconds). */
    @Override
    public void close() {
        queueing.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(Unit.LAST);
        } finally {
            queueing.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One caller's transaction: its work, and then what it returned or threw. */
    private static final class Unit<T> {
        /** Marks the end of the queue. */
        static final Unit<Void> LAST = new Unit<>(() -> null, null);

        private final Supplier<T> work;
        private final Map<String, String> logContext;
        private final CompletableFuture<T> outcome = new CompletableFuture<>();
        private T result;
        private Throwable thrown;

        Unit(Supplier<T> work, Map<String, String> logContext) {
            this.work = work;
            this.logContext = logContext;
        }

        /**
         * Runs the work in a savepoint: released into the batch's transaction when the work returns, rolled back
         * when it throws (the rolled-back savepoint stays open, empty, until the batch commits).
         */
        void runIn(Handle handle) {
            handle.savepoint(SAVEPOINT);
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                result = work.get();
            } catch (RuntimeException | Error e) {
                thrown = e;
                handle.rollbackToSavepoint(SAVEPOINT);
                return;
            } finally {
                MDC.clear();
            }
            handle.releaseSavepoint(SAVEPOINT);
        }

        /**
         * Tells the caller: what its work threw (as it would have alone, whatever became of the batch), else the
         * batch's commit failure, else its result.
         */
        void finish(UnaryOperator<RuntimeException> translate, Throwable commitFailure) {
            if (thrown != null) {
                outcome.completeExceptionally(thrown instanceof RuntimeException e ? translate.apply(e) : thrown);
            } else if (commitFailure != null) {
                outcome.completeExceptionally(commitFailure);
            } else {
                outcome.complete(result);
            }
        }
    }
}
