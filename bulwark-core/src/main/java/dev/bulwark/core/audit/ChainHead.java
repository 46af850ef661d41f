package dev.bulwark.core.audit;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The newest record of the audit chain, by sequence number and MAC. Kept outside the database (a log line at
 * every start, an operator's note, a SIEM), it lets {@code audit verify} detect records deleted from the end of
 * the chain, which the chain alone cannot.
 */
public record ChainHead(long sequence, String mac) {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,18}):([0-9a-f]{64})");

    public ChainHead {
        Objects.requireNonNull(mac, "mac");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1");
        }
    }

    /** Parses {@code SEQUENCE:MAC}, the form {@link #toString()} writes. */
    public static ChainHead parse(String text) {
        var matcher = TEXT.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("a chain head is SEQUENCE:MAC, such as 42:<64 hex digits>");
        }
        return new ChainHead(Long.parseLong(matcher.group(1)), matcher.group(2));
    }

    @Override
    public String toString() {
        return sequence + ":" + mac;
    }
}
