package dev.bulwark.core.identity;

import dev.bulwark.core.crypto.Password;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The operator's own list of refused passwords, held in memory: each line is either a password in plain text
 * (matched case-insensitively) or the SHA-1 of a password in hex, optionally followed by {@code :count} as in the
 * "Have I Been Pwned" files (matched exactly). Blank lines and lines starting with {@code #} are ignored. For the
 * operator's words and a few thousand entries; a breached-password corpus belongs in the file that
 * {@code ./bulwark passwords import-blocklist} builds, whose memory does not grow with it.
 */
public final class WordList implements PasswordBlocklist {
    /** The most entries a list in memory may hold. */
    public static final int MOST_ENTRIES = 100_000;
    private static final Pattern SHA1_LINE = Pattern.compile("([0-9A-Fa-f]{40})(:\\d+)?");

    private final Set<String> plain;
    private final Set<String> sha1Hex;

    private WordList(Set<String> plain, Set<String> sha1Hex) {
        this.plain = Set.copyOf(plain);
        this.sha1Hex = Set.copyOf(sha1Hex);
    }

    /**
     * Reads lines in the format above.
     *
     * @throws IllegalArgumentException past {@link #MOST_ENTRIES} entries
     */
    public static WordList fromLines(Stream<String> lines) {
        Set<String> plain = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        lines.map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(line -> {
            if (plain.size() + hashes.size() >= MOST_ENTRIES) {
                throw new IllegalArgumentException("more than " + MOST_ENTRIES + " entries");
            }
            var sha1 = SHA1_LINE.matcher(line);
            if (sha1.matches()) {
                hashes.add(sha1.group(1).toUpperCase(Locale.ROOT));
            } else {
                plain.add(Password.of(line).reveal().toLowerCase(Locale.ROOT));
            }
        });
        return new WordList(plain, hashes);
    }

    @Override
    public long size() {
        return plain.size() + sha1Hex.size();
    }

    @Override
    public boolean contains(Password password) {
        return plain.contains(password.reveal().toLowerCase(Locale.ROOT))
                || !sha1Hex.isEmpty() && sha1Hex.contains(HexFormat.of().withUpperCase().formatHex(
                PasswordBlocklist.sha1(password)));
    }
}
