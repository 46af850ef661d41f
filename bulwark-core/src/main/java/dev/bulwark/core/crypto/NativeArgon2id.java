package dev.bulwark.core.crypto;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import de.mkammerer.argon2.jna.Argon2Library;
import de.mkammerer.argon2.jna.Argon2_context;
import de.mkammerer.argon2.jna.Argon2_type;
import de.mkammerer.argon2.jna.Argon2_version;
import de.mkammerer.argon2.jna.JnaUint32;
import de.mkammerer.argon2.jna.Size_t;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reference C implementation, libargon2, through JNA (de.mkammerer:argon2-jvm ships the library for common
 * platforms). Fastest here; see bulwark-bench for the figures.
 *
 * <p>Each hash works in one of a fixed set of memory areas, one per processor, that are kept between hashes
 * (libargon2 wipes an area when a hash is done). Left to malloc, every hash maps its 7 to 19 MiB afresh and
 * faults it in page by page, which costs about a quarter of the hash; and a flood of sign-ins would map that
 * much for every request at once. With the areas, at most one hash per processor runs at a time (more would
 * only share the same cores) and the memory that hashing holds is bounded: processors times the largest cost.
 * The most recently used area is leased first, so light traffic keeps one area warm rather than rotating through
 * all of them; an area that no hash has used for a minute or two is wiped and freed
 * ({@link #releaseIdleMemory()}), and the first hash that needs it again pays the faulting once.
 */
public final class NativeArgon2id implements Argon2id {
    private static final Argon2_type ARGON2ID = new Argon2_type(2);
    private static final int VERSION_13 = 0x13;
    private static final int OK = 0;
    private static final int MEMORY_ALLOCATION_ERROR = -22;

    private final Argon2Library library;
    /** The areas no hash holds now, the most recently used first. */
    private final BlockingDeque<WorkArea> areas;
    /** JNA cannot pass a zero-length password; the same function from Bouncy Castle can. */
    private final Argon2id forEmptyPassword = new BouncyCastleArgon2id();

    private NativeArgon2id(Argon2Library library, int concurrency) {
        this.library = library;
        this.areas = new LinkedBlockingDeque<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            areas.add(new WorkArea());
        }
    }

    /**
     * Loads libargon2 and proves it works by hashing once.
     *
     * @throws LinkageError or another runtime error when the native library cannot load on this platform
     */
    public static NativeArgon2id load() {
        var implementation = new NativeArgon2id(Argon2Library.INSTANCE, Runtime.getRuntime().availableProcessors());
        implementation.hash(new Argon2Parameters(8, 1, 1), new byte[] {1}, new byte[16], 32);
        return implementation;
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public byte[] hash(Argon2Parameters parameters, byte[] password, byte[] salt, byte[] secret,
                       byte[] associatedData, int tagLength) {
        if (password.length == 0) {
            return forEmptyPassword.hash(parameters, password, salt, secret, associatedData, tagLength);
        }
        WorkArea area = lease();
        try (var inputs = new Inputs(password, salt, secret, associatedData, tagLength)) {
            // libargon2 raises small costs to 8 blocks per lane; the area must hold what it will ask for.
            area.reserve(1024L * Math.max(parameters.memoryKib(), 8L * parameters.parallelism()));
            Argon2_context.ByReference context = inputs.context(parameters, area);
            int result = library.argon2_ctx(context, ARGON2ID);
            if (result != OK) {
                area.wipe(); // libargon2 wipes only after a hash that succeeded
                throw new IllegalStateException("libargon2 failed: " + library.argon2_error_message(result));
            }
            return inputs.tag();
        } finally {
            areas.addFirst(area);
        }
    }

    @Override
    public void releaseIdleMemory() {
        // Only areas no hash holds now are looked at; a hash arriving meanwhile waits for them a moment.
        List<WorkArea> free = new ArrayList<>();
        areas.drainTo(free);
        try {
            free.forEach(WorkArea::releaseIfIdle);
        } finally {
            areas.addAll(free);
        }
    }

    /** Bytes of working memory held by the areas no hash holds now (all of them when none runs). */
    long heldBytes() {
        return areas.stream().mapToLong(WorkArea::size).sum();
    }

    /** How many of the areas no hash holds now have memory. */
    long areasHoldingMemory() {
        return areas.stream().filter(area -> area.size() > 0).count();
    }

    private WorkArea lease() {
        try {
            return areas.takeFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to hash", e);
        }
    }

    /** libargon2's {@code allocate_fptr}: {@code int (*)(uint8_t **memory, size_t bytes)}. */
    public interface Allocate extends Callback {
        int invoke(Pointer memory, Size_t bytes);
    }

    /** libargon2's {@code deallocate_fptr}: {@code void (*)(uint8_t *memory, size_t bytes)}. */
    public interface Release extends Callback {
        void invoke(Pointer memory, Size_t bytes);
    }

    /** Memory that one hash at a time works in, handed to libargon2 through its allocation callbacks. */
    private static final class WorkArea {
        /** Leased to one hash at a time; grows when a hash needs more. */
        private final AtomicReference<Memory> memory = new AtomicReference<>();
        private final AtomicBoolean usedSinceRelease = new AtomicBoolean();
        // The callbacks are fields so that they live as long as the area: JNA frees the native trampoline of a
        // callback whose Java object has been collected, and libargon2 would then call into freed code.
        private final Allocate allocate = (target, bytes) -> {
            Memory area = memory.get();
            if (area == null || bytes.longValue() > area.size()) {
                return MEMORY_ALLOCATION_ERROR;
            }
            target.setPointer(0, area);
            return OK;
        };
        private final Release release = (memory, bytes) -> {
            // Kept for the next hash; libargon2 has already wiped it.
        };
        private final Pointer allocatePointer = CallbackReference.getFunctionPointer(allocate);
        private final Pointer releasePointer = CallbackReference.getFunctionPointer(release);

        /** Grows the area to at least {@code bytes}, touching every page now rather than during a hash. */
        void reserve(long bytes) {
            usedSinceRelease.set(true);
            Memory current = memory.get();
            if (current != null && current.size() >= bytes) {
                return;
            }
            if (current != null) {
                current.clear();
                current.close();
            }
            Memory grown = new Memory(bytes);
            grown.clear();
            memory.set(grown);
        }

        /** Frees the memory when no hash has used it since the previous call; called only while not leased. */
        void releaseIfIdle() {
            if (!usedSinceRelease.getAndSet(false)) {
                Memory idle = memory.getAndSet(null);
                if (idle != null) {
                    idle.clear(); // already wiped unless a hash failed; cheap next to what it guards
                    idle.close();
                }
            }
        }

        void wipe() {
            Memory current = memory.get();
            if (current != null) {
                current.clear();
            }
        }

        long size() {
            Memory current = memory.get();
            return current == null ? 0 : current.size();
        }
    }

    /** The inputs and output of one hash in native memory, wiped when closed. */
    private static final class Inputs implements AutoCloseable {
        private final Memory password;
        private final Memory salt;
        private final Memory secret;
        private final Memory associatedData;
        private final Memory tag;

        Inputs(byte[] password, byte[] salt, byte[] secret, byte[] associatedData, int tagLength) {
            this.password = copy(password);
            this.salt = copy(salt);
            this.secret = copy(secret);
            this.associatedData = copy(associatedData);
            this.tag = new Memory(tagLength);
        }

        /** Native memory holding {@code bytes}; null when empty (JNA cannot allocate zero bytes). */
        private static Memory copy(byte[] bytes) {
            if (bytes.length == 0) {
                return null;
            }
            Memory memory = new Memory(bytes.length);
            memory.write(0, bytes, 0, bytes.length);
            return memory;
        }

        Argon2_context.ByReference context(Argon2Parameters parameters, WorkArea area) {
            var context = new Argon2_context.ByReference();
            context.out = tag;
            context.outlen = new JnaUint32((int) tag.size());
            context.pwd = password;
            context.pwdlen = new JnaUint32(length(password));
            context.salt = salt;
            context.saltlen = new JnaUint32(length(salt));
            context.secret = secret;
            context.secretlen = new JnaUint32(length(secret));
            context.ad = associatedData;
            context.adlen = new JnaUint32(length(associatedData));
            context.t_cost = new JnaUint32(parameters.iterations());
            context.m_cost = new JnaUint32(parameters.memoryKib());
            context.lanes = new JnaUint32(parameters.parallelism());
            context.threads = new JnaUint32(parameters.parallelism());
            context.version = new Argon2_version(VERSION_13);
            context.allocate_cbk = area.allocatePointer;
            context.free_cbk = area.releasePointer;
            context.flags = new JnaUint32(0);
            return context;
        }

        private static int length(Memory memory) {
            return memory == null ? 0 : (int) memory.size();
        }

        byte[] tag() {
            return tag.getByteArray(0, (int) tag.size());
        }

        @Override
        public void close() {
            for (Memory memory : new Memory[] {password, salt, secret, associatedData, tag}) {
                if (memory != null) {
                    memory.clear();
                    memory.close();
                }
            }
        }
    }
}
