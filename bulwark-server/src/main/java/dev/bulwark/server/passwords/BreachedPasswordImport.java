package dev.bulwark.server.passwords;

import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.PasswordBlocklist;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Builds a {@link BreachedPasswordFile} from a text list, streaming: a list of any size (the whole "Have I Been Pwned"
 * corpus, about a billion hashes) is read in chunks of {@link #CHUNK} entries, each sorted and written to a
 * temporary run beside the output, and the runs are merged into the file; memory stays at one chunk (32 MiB). A line
 * is a SHA-1 in hex, optionally with {@code :count} (the HIBP form: a line whose count is below the minimum is
 * skipped), or a password in plain text (hashed as it is, case and all). Blank lines and lines starting with
 * {@code #} are skipped. The file replaces the old one only once it is complete.
 */
public final class BreachedPasswordImport {
    /** Entries held in memory at once: 32 MiB. */
    static final int CHUNK = 4 * 1024 * 1024;
    private static final long PROGRESS_EVERY = 1_000_000;

    /** What an import did. */
    public record Result(long lines, long skippedBelowCount, long entries, Path file) {
    }

    private BreachedPasswordImport() {
    }

    /**
     * @param minCount skip HIBP lines seen fewer times than this (1: keep all)
     * @param progress told how far the import is, now and then
     */
    public static Result run(InputStream text, Path output, long minCount, Consumer<String> progress)
            throws IOException {
        return run(text, output, minCount, progress, CHUNK);
    }

    static Result run(InputStream text, Path output, long minCount, Consumer<String> progress, int chunk)
            throws IOException {
        Path directory = output.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        List<Path> runs = new ArrayList<>();
        long lines = 0;
        long skipped = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8),
                1 << 16)) {
            long[] buffer = new long[chunk];
            int filled = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines++;
                if (lines % PROGRESS_EVERY == 0) {
                    progress.accept(String.format("read %,d lines", lines));
                }
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                long value;
                long count = hibpCount(entry);
                if (count >= 0 || isHex40(entry)) {
                    if (count >= 0 && count < minCount) {
                        skipped++;
                        continue;
                    }
                    value = Long.parseUnsignedLong(entry.substring(0, 16), 16) ^ Long.MIN_VALUE;
                } else {
                    value = BreachedPasswordFile.entry(PasswordBlocklist.sha1(Password.of(entry)));
                }
                buffer[filled++] = value;
                if (filled == buffer.length) {
                    runs.add(writeRun(buffer, filled, directory));
                    filled = 0;
                }
            }
            if (filled > 0 || runs.isEmpty()) {
                runs.add(writeRun(buffer, filled, directory));
            }
        } catch (IOException | RuntimeException e) {
            deleteAll(runs);
            throw e;
        }
        progress.accept(String.format("read %,d lines; merging %d sorted run%s", lines, runs.size(),
                runs.size() == 1 ? "" : "s"));
        Path partial = Files.createTempFile(directory, ".breached-", ".partial");
        try {
            long entries = merge(runs, partial);
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Result(lines, skipped, entries, output);
        } finally {
            deleteAll(runs);
            Files.deleteIfExists(partial);
        }
    }

    /** The count of a {@code HASH:COUNT} line, or -1 when the line is not one. */
    private static long hibpCount(String line) {
        if (line.length() < 42 || line.charAt(40) != ':' || !isHex40(line)) {
            return -1;
        }
        try {
            return Long.parseLong(line.substring(41).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isHex40(String line) {
        if (line.length() < 40 || line.length() > 40 && line.charAt(40) != ':') {
            return false;
        }
        for (int i = 0; i < 40; i++) {
            if (Character.digit(line.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Sorts a chunk and writes it, without duplicates, to a temporary run. */
    private static Path writeRun(long[] buffer, int filled, Path directory) throws IOException {
        Arrays.sort(buffer, 0, filled);
        Path run = Files.createTempFile(directory, ".breached-", ".run");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run),
                1 << 16))) {
            for (int i = 0; i < filled; i++) {
                if (i == 0 || buffer[i] != buffer[i - 1]) {
                    out.writeLong(buffer[i]);
                }
            }
        }
        return run;
    }

    /** A run being merged: its next value. */
    private static final class Run implements AutoCloseable {
        private final DataInputStream in;
        private long next;
        private boolean exhausted;

        Run(Path file) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
            advance();
        }

        void advance() throws IOException {
            try {
                next = in.readLong();
            } catch (EOFException end) {
                exhausted = true;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Merges the sorted runs into the list file, without duplicates; the number of entries. */
    private static long merge(List<Path> runs, Path output) throws IOException {
        List<Run> open = new ArrayList<>();
        long entries = 0;
        try {
            PriorityQueue<Run> heads = new PriorityQueue<>((a, b) -> Long.compare(a.next, b.next));
            for (Path run : runs) {
                Run reader = new Run(run);
                open.add(reader);
                if (!reader.exhausted) {
                    heads.add(reader);
                }
            }
            try (OutputStream file = Files.newOutputStream(output);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16))) {
                out.write(BreachedPasswordFile.MAGIC);
                out.writeInt(BreachedPasswordFile.VERSION);
                out.writeInt(0);
                out.writeLong(0); // the count, written once known
                boolean any = false;
                long last = 0;
                while (!heads.isEmpty()) {
                    Run head = heads.poll();
                    if (!any || head.next != last) {
                        out.writeLong(head.next);
                        last = head.next;
                        any = true;
                        entries++;
                    }
                    head.advance();
                    if (!head.exhausted) {
                        heads.add(head);
                    }
                }
            }
        } finally {
            for (Run reader : open) {
                reader.close();
            }
        }
        try (RandomAccessFile file = new RandomAccessFile(output.toFile(), "rw")) {
            file.seek(BreachedPasswordFile.HEADER_BYTES - Long.BYTES);
            file.writeLong(entries);
            file.getFD().sync();
        }
        return entries;
    }

    private static void deleteAll(List<Path> files) throws IOException {
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }
}
