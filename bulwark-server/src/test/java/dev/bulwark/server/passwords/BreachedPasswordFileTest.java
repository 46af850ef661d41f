package dev.bulwark.server.passwords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.PasswordBlocklist;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The breached-password list on disk: built by streaming, sorted runs merged, searched in place. */
class BreachedPasswordFileTest {
    @TempDir
    Path directory;

    private static String sha1(String password) {
        return HexFormat.of().withUpperCase().formatHex(PasswordBlocklist.sha1(Password.of(password)));
    }

    private BreachedPasswordImport.Result load(String text, long minCount, int chunk) throws IOException {
        return BreachedPasswordImport.run(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                directory.resolve("breached.bin"), minCount, progress -> { }, chunk);
    }

    @Test
    void whenAnHibpListIsImportedInSmallChunksThenEveryEntryAboveTheMinimumIsFoundAndNothingElse() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            lines.add(sha1("breached-" + i) + ":" + (i % 10 + 1));
        }
        lines.add(sha1("breached-7") + ":3"); // a duplicate, in another chunk
        lines.add("# a comment");
        lines.add("");
        lines.add("Tr0ub4dor&3"); // plain text, hashed as it is

        var result = load(String.join("\n", lines), 3, 37); // runs of 37: many runs to merge

        assertThat(result.lines()).isEqualTo(1_004);
        assertThat(result.skippedBelowCount()).isEqualTo(200); // counts 1 and 2
        assertThat(result.entries()).isEqualTo(801);
        var list = BreachedPasswordFile.open(result.file());
        assertThat(list.size()).isEqualTo(801);
        assertThat(list.contains(Password.of("breached-9"))).isTrue(); // count 10
        assertThat(list.contains(Password.of("breached-2"))).isTrue(); // count 3
        assertThat(list.contains(Password.of("breached-1"))).as("seen twice: under the minimum").isFalse();
        assertThat(list.contains(Password.of("Tr0ub4dor&3"))).isTrue();
        assertThat(list.contains(Password.of("tr0ub4dor&3"))).as("hashed as it is, case and all").isFalse();
        assertThat(list.contains(Password.of("violet tractor sings under 7 moons"))).isFalse();
        assertThat(Files.list(directory).map(p -> p.getFileName().toString()))
                .as("no runs left behind").containsExactly("breached.bin");
    }

    @Test
    void whenTheListIsEmptyOrNotAListThenItSaysSo() throws Exception {
        var empty = BreachedPasswordFile.open(load("# nothing\n", 1, 10).file());
        assertThat(empty.size()).isZero();
        assertThat(empty.contains(Password.of("anything at all"))).isFalse();

        Path text = Files.writeString(directory.resolve("not-a-list.txt"), "password\n123456\n");
        assertThatThrownBy(() -> BreachedPasswordFile.open(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("import-blocklist");
        Path cut = directory.resolve("cut.bin");
        byte[] whole = Files.readAllBytes(load(sha1("a") + "\n" + sha1("b") + "\n", 1, 10).file());
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 3));
        assertThatThrownBy(() -> BreachedPasswordFile.open(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cut short");
    }

    @Test
    void whenTheListHoldsABillionEntriesThenOpeningAndLookingUpReadOnlyWhatTheSearchTouches() throws Exception {
        // A sparse file of 8 GB: a header saying a billion entries, all zero but for one near the end. Opening it
        // or searching it would run the test's heap out at once if either read the list into memory.
        long count = 1_000_000_000L;
        Path file = directory.resolve("billion.bin");
        byte[] sha1 = PasswordBlocklist.sha1(Password.of("the last breached password"));
        long last = BreachedPasswordFile.entry(sha1);
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            var header = java.nio.ByteBuffer.allocate(BreachedPasswordFile.HEADER_BYTES)
                    .put(BreachedPasswordFile.MAGIC).putInt(BreachedPasswordFile.VERSION).putInt(0).putLong(count)
                    .flip();
            channel.write(header, 0);
            // entries are sorted as signed numbers: zeros, then the one entry, which is positive (top bit set)
            assertThat(last).as("sorts after the zeros").isPositive();
            channel.write(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(last).flip(),
                    BreachedPasswordFile.HEADER_BYTES + (count - 1) * Long.BYTES);
        }

        var list = BreachedPasswordFile.open(file);

        assertThat(list.size()).isEqualTo(count);
        assertThat(list.contains(Password.of("the last breached password"))).isTrue();
        assertThat(list.contains(Password.of("violet tractor sings under 7 moons"))).isFalse();
    }
}
