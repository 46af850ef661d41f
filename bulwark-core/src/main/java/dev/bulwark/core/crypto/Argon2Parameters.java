package dev.bulwark.core.crypto;

/**
 * Cost parameters of Argon2id (RFC 9106 §3.1). The defaults follow OWASP's first recommended
 * configuration: 19 MiB of memory, 2 passes, 1 lane.
 *
 * @param memoryKib   memory in KiB; at least 8 × parallelism
 * @param iterations  number of passes over memory; at least 1
 * @param parallelism number of lanes; 1 to 255 here
 */
public record Argon2Parameters(int memoryKib, int iterations, int parallelism) {
    public static final Argon2Parameters DEFAULT = new Argon2Parameters(19_456, 2, 1);

    /** Upper bound that keeps a misconfiguration from exhausting the heap: 4 GiB. */
    public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;

    public Argon2Parameters {
        if (parallelism < 1 || parallelism > 255) {
            throw new IllegalArgumentException("parallelism must be 1 to 255");
        }
        if (iterations < 1 || iterations > 1_000) {
            throw new IllegalArgumentException("iterations must be 1 to 1000");
        }
        if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("memoryKib must be at least 8 × parallelism and at most " + MAX_MEMORY_KIB);
        }
    }

    @Override
    public String toString() {
        return "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism;
    }
}
