package dev.bulwark.bench;

import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.PasswordBlocklist;
import dev.bulwark.server.passwords.BreachedPasswordFile;
import dev.bulwark.server.passwords.BreachedPasswordImport;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A password looked up in the breached-password file ({@link BreachedPasswordFile}: a binary search in a memory-mapped
 * file), against the baseline of the same passwords looked up in an in-memory list of 100,000 ({@code WordList}, a
 * hash set: what the operator's own list costs), in the same run. Half the passwords looked up are on the lists.
 * The file is imported in the setup from a generated "Have I Been Pwned" text of {@code entries} lines, which also
 * says how long an import of that size takes. See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx256m"})
public class BreachedPasswordBenchmark {
    private static final int LOOKUPS = 4_096;
    private static final int IN_MEMORY = 100_000;

    @Param({"1000000", "10000000"})
    int entries;

    private final Password[] passwords = new Password[LOOKUPS];
    private Path directory;
    private PasswordBlocklist onDisk;
    private PasswordBlocklist inMemory;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("breached-bench");
        long started = System.nanoTime();
        var result = BreachedPasswordImport.run(hibpText(entries), directory.resolve("breached.bin"), 1,
                progress -> { });
        System.out.printf("%nimported %,d entries in %.1f s (%,d bytes)%n", result.entries(),
                (System.nanoTime() - started) / 1e9, Files.size(result.file()));
        onDisk = BreachedPasswordFile.open(result.file());
        inMemory = PasswordBlocklist.fromLines(IntStream.range(0, IN_MEMORY).mapToObj(i -> hex(i)));
        for (int i = 0; i < LOOKUPS; i++) {
            // even: on both lists; odd: on neither
            passwords[i] = Password.of(i % 2 == 0 ? "breached " + (i * 24 % IN_MEMORY) : "not breached " + i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    private static String hex(int i) {
        return HexFormat.of().withUpperCase().formatHex(PasswordBlocklist.sha1(Password.of("breached " + i)));
    }

    /** The HIBP text of {@code count} lines, made in parts of 100,000 as it is read: never all in memory. */
    private static InputStream hibpText(int count) {
        int part = 100_000;
        var parts = new java.util.Enumeration<InputStream>() {
            private int start;

            @Override
            public boolean hasMoreElements() {
                return start < count;
            }

            @Override
            public InputStream nextElement() {
                StringBuilder text = new StringBuilder();
                for (int i = start; i < Math.min(count, start + part); i++) {
                    text.append(hex(i)).append(':').append(1 + i % 1_000).append("\r\n");
                }
                start += part;
                return new java.io.ByteArrayInputStream(text.toString().getBytes(StandardCharsets.US_ASCII));
            }
        };
        return new SequenceInputStream(parts);
    }

    @Benchmark
    public boolean breachedFile() {
        return onDisk.contains(passwords[next++ & (LOOKUPS - 1)]);
    }

    /** The baseline: a hash set in memory. */
    @Benchmark
    public boolean inMemoryList() {
        return inMemory.contains(passwords[next++ & (LOOKUPS - 1)]);
    }
}
