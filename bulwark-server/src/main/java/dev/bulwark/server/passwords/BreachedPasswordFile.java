package dev.bulwark.server.passwords;

import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.PasswordBlocklist;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A list of breached passwords of any size, kept on disk and searched in place: the memory it takes does not grow
 * with it. Built by {@code ./bulwark passwords import-blocklist} ({@link BreachedPasswordImport}).
 *
 * <p>The file: the magic {@code BWBREACH}, a version (4 bytes, 1), 4 reserved bytes, the number of entries (8 bytes),
 * then the entries, 8 bytes each, big-endian: the first 64 bits of the SHA-1 of a breached password (of its UTF-8
 * bytes, as "Have I Been Pwned" publishes them) with the top bit flipped, so that they sort as signed numbers, sorted
 * and without duplicates. A lookup is a binary search of about 30 steps in the memory-mapped file, in pieces of 1 GiB;
 * a billion entries take 8 GB of disk. Sixty-four bits of the hash are plenty: with a billion entries a password that
 * is on no list is refused by mistake about once in twenty billion tries.
 *
 * <p>Opening reads only the 24-byte header; the entries are mapped at the first lookup.
 */
public final class BreachedPasswordFile implements PasswordBlocklist {
    static final byte[] MAGIC = "BWBREACH".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER_BYTES = 24;
    private static final int SEGMENT_SHIFT = 30;
    private static final long SEGMENT_BYTES = 1L << SEGMENT_SHIFT;

    private final Path file;
    private final long count;
    private volatile MappedByteBuffer[] segments;

    private BreachedPasswordFile(Path file, long count) {
        this.file = file;
        this.count = count;
    }

    /**
     * Opens a list, reading its header.
     *
     * @throws IllegalArgumentException when the file is not such a list, or is cut short
     * @throws UncheckedIOException     when it cannot be read
     */
    public static BreachedPasswordFile open(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            while (header.hasRemaining() && channel.read(header) >= 0) {
                // read the whole header
            }
            header.flip();
            byte[] magic = new byte[MAGIC.length];
            if (header.remaining() < HEADER_BYTES) {
                throw notAList(file);
            }
            header.get(magic);
            int version = header.getInt();
            header.getInt();
            long count = header.getLong();
            if (!Arrays.equals(magic, MAGIC) || version != VERSION || count < 0) {
                throw notAList(file);
            }
            if (channel.size() != HEADER_BYTES + count * Long.BYTES) {
                throw new IllegalArgumentException(file + " is cut short or has extra bytes: import it again");
            }
            return new BreachedPasswordFile(file, count);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static IllegalArgumentException notAList(Path file) {
        return new IllegalArgumentException(file + " is not a breached-password list; build one with ./bulwark "
                + "passwords import-blocklist");
    }

    @Override
    public long size() {
        return count;
    }

    @Override
    public boolean contains(Password password) {
        return containsSha1(PasswordBlocklist.sha1(password));
    }

    /** Whether the list holds a password with this SHA-1 (its first 64 bits). */
    boolean containsSha1(byte[] sha1) {
        if (count == 0) {
            return false;
        }
        long key = entry(sha1);
        MappedByteBuffer[] mapped = mapped();
        long low = 0;
        long high = count - 1;
        while (low <= high) {
            long middle = (low + high) >>> 1;
            long offset = middle * Long.BYTES;
            long value = mapped[(int) (offset >>> SEGMENT_SHIFT)].getLong((int) (offset & (SEGMENT_BYTES - 1)));
            if (value < key) {
                low = middle + 1;
            } else if (value > key) {
                high = middle - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** An entry as stored: the first 64 bits of a SHA-1, big-endian, with the top bit flipped. */
    static long entry(byte[] sha1) {
        return ByteBuffer.wrap(sha1, 0, Long.BYTES).getLong() ^ Long.MIN_VALUE;
    }

    private MappedByteBuffer[] mapped() {
        MappedByteBuffer[] held = segments;
        if (held == null) {
            synchronized (this) {
                held = segments;
                if (held == null) {
                    held = map();
                    segments = held;
                }
            }
        }
        return held;
    }

    private MappedByteBuffer[] map() {
        long bytes = count * Long.BYTES;
        int pieces = (int) ((bytes + SEGMENT_BYTES - 1) / SEGMENT_BYTES);
        MappedByteBuffer[] mapped = new MappedByteBuffer[pieces];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int piece = 0; piece < pieces; piece++) {
                long start = piece * SEGMENT_BYTES;
                mapped[piece] = channel.map(FileChannel.MapMode.READ_ONLY, HEADER_BYTES + start,
                        Math.min(SEGMENT_BYTES, bytes - start));
            }
            return mapped; // the mappings outlive the channel
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + file, e);
        }
    }

    @Override
    public String toString() {
        return "BreachedPasswordFile[" + file + ", " + count + " entries]";
    }
}
