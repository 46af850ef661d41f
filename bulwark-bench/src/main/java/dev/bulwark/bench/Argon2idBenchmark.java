package dev.bulwark.bench;

import dev.bulwark.core.crypto.Argon2Parameters;
import dev.bulwark.core.crypto.Argon2id;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Password hashes per second for each Argon2id implementation at Bulwark's default parameters (OWASP:
 * m=19456 KiB, t=2, p=1) and Keycloak's (m=7168 KiB, t=5, p=1). Run with {@code -t 1} and {@code -t 2} to see
 * how each scales over the cores; see docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class Argon2idBenchmark {

    @Param({"native", "bouncycastle", "password4j"})
    public String implementation;

    /** memoryKib,iterations,parallelism */
    @Param({"19456,2,1", "7168,5,1"})
    public String parameters;

    private Argon2id argon2;
    private Argon2Parameters costs;
    private final byte[] password = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    private final byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);

    @Setup
    public void setUp() {
        argon2 = Argon2idCandidates.named(implementation).create();
        Argon2idCandidates.requireKnownAnswer(argon2);
        String[] parts = parameters.split(",");
        costs = new Argon2Parameters(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    @Benchmark
    public byte[] hash() {
        return argon2.hash(costs, password, salt, 32);
    }
}
