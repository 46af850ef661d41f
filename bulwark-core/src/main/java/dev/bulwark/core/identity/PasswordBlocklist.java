package dev.bulwark.core.identity;

import dev.bulwark.core.crypto.Password;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The operator's own list of refused passwords, on top of zxcvbn's dictionaries: for example a list of
 * breached passwords. Each line is either a password in plain text (matched case-insensitively) or the
 * SHA-1 of a password in hex, optionally followed by {@code :count} as in the "Have I Been Pwned" files
 * (matched exactly). Blank lines and lines starting with {@code #} are ignored.
 */
public final class PasswordBlocklist {
    private static final Pattern SHA1_LINE = Pattern.compile("([0-9A-Fa-f]{40})(:\\d+)?");
    public static final PasswordBlocklist EMPTY = new PasswordBlocklist(Set.of(), Set.of());

    private final Set<String> plain;
    private final Set<String> sha1Hex;

    private PasswordBlocklist(Set<String> plain, Set<String> sha1Hex) {
        this.plain = Set.copyOf(plain);
        this.sha1Hex = Set.copyOf(sha1Hex);
    }

    /** Reads lines in the format above. */
    public static PasswordBlocklist fromLines(Stream<String> lines) {
        Set<String> plain = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        lines.map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(line -> {
            var sha1 = SHA1_LINE.matcher(line);
            if (sha1.matches()) {
                hashes.add(sha1.group(1).toUpperCase(Locale.ROOT));
            } else {
                plain.add(Password.of(line).reveal().toLowerCase(Locale.ROOT));
            }
        });
        return new PasswordBlocklist(plain, hashes);
    }

    public int size() {
        return plain.size() + sha1Hex.size();
    }

    public boolean contains(Password password) {
        String value = password.reveal();
        return plain.contains(value.toLowerCase(Locale.ROOT))
                || !sha1Hex.isEmpty() && sha1Hex.contains(sha1Hex(value));
    }

    private static String sha1Hex(String value) {
        try {
            // SHA-1 only because breach corpora are published that way; it protects nothing here.
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }
}
