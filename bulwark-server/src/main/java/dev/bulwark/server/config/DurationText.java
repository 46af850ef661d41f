package dev.bulwark.server.config;

import java.time.Duration;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 12h}, {@code 90d}, or {@code 0}. */
public final class DurationText {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private DurationText() {
    }

    /** @throws IllegalArgumentException when {@code text} is not a duration in this form */
    public static Duration parse(String text) {
        String value = text.strip();
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        var matcher = DURATION.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration such as 500ms, 30s, 15m, 12h or 90d");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The shortest exact form, such as {@code 30d} or {@code 90s}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0";
        }
        if (millis % 86_400_000 == 0) {
            return duration.toDays() + "d";
        }
        if (millis % 3_600_000 == 0) {
            return duration.toHours() + "h";
        }
        if (millis % 60_000 == 0) {
            return duration.toMinutes() + "m";
        }
        if (millis % 1_000 == 0) {
            return duration.toSeconds() + "s";
        }
        return millis + "ms";
    }
}
