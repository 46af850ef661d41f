package dev.bulwark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
    @TempDir
    Path directory;

    private final ThreadLocal<Handle> current = new ThreadLocal<>();
    private Jdbi jdbi;
    private GroupCommit writer;

    @BeforeEach
    void open() {
        jdbi = Jdbi.create("jdbc:sqlite:" + directory.resolve("group.db"));
        jdbi.useHandle(handle -> handle.execute("create table name (value text primary key)"));
        writer = new GroupCommit(jdbi, current, e -> e);
    }

    @AfterEach
    void close() {
        writer.close();
    }

    @Test
    void whenTheQueueIsFullThenAFurtherWriteIsRefusedAtOnceAndTheQueuedOnesStillCommit() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> first = writer.submit(() -> {
            busy.countDown();
            awaitQuietly(release);
            return insert("first");
        });
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<Object>> queued = new java.util.ArrayList<>();
        for (int i = 0; i < GroupCommit.MOST_WAITING; i++) {
            String name = "queued-" + i;
            queued.add(writer.submit(() -> insert(name)));
        }

        assertThatThrownBy(() -> writer.submit(() -> insert("one too many")))
                .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("too many writes");
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        for (Future<Object> write : queued) {
            write.get(30, TimeUnit.SECONDS);
        }
        assertThat(names()).hasSize(GroupCommit.MOST_WAITING + 1).doesNotContain("one too many");
    }

    @Test
    void whenTransactionsQueueBehindABusyWriterThenTheyCommitTogetherAndOneThatThrowsLosesOnlyItsOwnWrites()
            throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> first = writer.submit(() -> {
            busy.countDown();
            awaitQuietly(release);
            return insert("first");
        });
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();

        Future<Object> bob = writer.submit(() -> insert("bob"));
        Future<Object> carol = writer.submit(() -> {
            insert("carol");
            throw new IllegalStateException("carol changed her mind");
        });
        Future<Object> dave = writer.submit(() -> insert("dave"));
        assertThat(writer.waiting()).isEqualTo(3); // one batch once the writer is free
        release.countDown();

        assertThat(bob.get(10, TimeUnit.SECONDS)).isEqualTo("bob");
        assertThat(dave.get(10, TimeUnit.SECONDS)).isEqualTo("dave");
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThatThrownBy(() -> carol.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("carol changed her mind");
        assertThat(names()).containsExactly("bob", "dave", "first");
    }

    @Test
    void whenATransactionBreaksAConstraintThenTheOthersInItsBatchStillCommit() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        writer.submit(() -> {
            busy.countDown();
            awaitQuietly(release);
            return insert("alice");
        });
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        Future<Object> duplicate = writer.submit(() -> {
            insert("erin");
            return insert("alice"); // the primary key refuses it: the statement fails, erin is rolled back
        });
        Future<Object> frank = writer.submit(() -> insert("frank"));
        release.countDown();

        assertThat(frank.get(10, TimeUnit.SECONDS)).isEqualTo("frank");
        assertThatThrownBy(() -> duplicate.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(names()).containsExactly("alice", "frank");
    }

    @Test
    void whenClosedThenWhatWasQueuedCommitsAndNothingMoreIsTaken() throws Exception {
        Future<Object> queued = writer.submit(() -> insert("grace"));
        writer.close();

        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("grace");
        assertThat(names()).containsExactly("grace");
        assertThatThrownBy(() -> writer.submit(() -> insert("heidi"))).isInstanceOf(RejectedExecutionException.class);
    }

    private String insert(String value) {
        current.get().execute("insert into name (value) values (?)", value);
        return value;
    }

    private List<String> names() {
        return jdbi.withHandle(handle -> handle.createQuery("select value from name order by value")
                .mapTo(String.class).list());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
