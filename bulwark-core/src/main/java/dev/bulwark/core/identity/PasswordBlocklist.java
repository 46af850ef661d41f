package dev.bulwark.core.identity;

import dev.bulwark.core.crypto.Password;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.stream.Stream;

/**
 * Passwords the operator refuses on top of zxcvbn's dictionaries: their own short list ({@link WordList}), and a list
 * of breached passwords of any size kept on disk (the server's memory-mapped file of SHA-1 prefixes).
 */
public interface PasswordBlocklist {
    PasswordBlocklist EMPTY = new PasswordBlocklist() {
        @Override
        public boolean contains(Password password) {
            return false;
        }

        @Override
        public long size() {
            return 0;
        }
    };

    boolean contains(Password password);

    /** How many entries the list holds. */
    long size();

    /** Refuses what any of {@code lists} refuses. */
    static PasswordBlocklist anyOf(List<PasswordBlocklist> lists) {
        List<PasswordBlocklist> all = List.copyOf(lists);
        return new PasswordBlocklist() {
            @Override
            public boolean contains(Password password) {
                return all.stream().anyMatch(list -> list.contains(password));
            }

            @Override
            public long size() {
                return all.stream().mapToLong(PasswordBlocklist::size).sum();
            }
        };
    }

    /** Reads an operator's own list ({@link WordList#fromLines}). */
    static PasswordBlocklist fromLines(Stream<String> lines) {
        return WordList.fromLines(lines);
    }

    /**
     * The SHA-1 of a password, as breach corpora are published ("Have I Been Pwned"): of its UTF-8 bytes. SHA-1
     * only because that is how the lists come; it protects nothing here.
     */
    static byte[] sha1(Password password) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(password.reveal().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }
}
