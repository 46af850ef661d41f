package dev.bulwark.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One configuration setting: its dotted key, the environment variable that overrides it, what values are
 * allowed, its default, and how to parse it. The catalogue lives in {@link Settings}; the reference in
 * {@code docs/configuration.md} is generated from it.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {

    private final String key;
    private final String description;
    private final String allowed;
    private final String defaultText;
    private final T defaultValue;
    private final Function<String, T> parser;
    private final boolean secret;
    private final boolean list;
    private final Function<String, String> shown;

    private Setting(String key, String description, String allowed, String defaultText, T defaultValue,
                    Function<String, T> parser, boolean secret, boolean list) {
        this(key, description, allowed, defaultText, defaultValue, parser, secret, list,
                secret ? text -> "the value" : Setting::quoted);
    }

    private Setting(String key, String description, String allowed, String defaultText, T defaultValue,
                    Function<String, T> parser, boolean secret, boolean list, Function<String, String> shown) {
        this.key = key;
        this.description = description;
        this.allowed = allowed;
        this.defaultText = defaultText;
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.secret = secret;
        this.list = list;
        this.shown = shown;
    }

    /** The same setting, but its value is shown in messages only as {@code redaction} makes it. */
    Setting<T> shownAs(Function<String, String> redaction) {
        return new Setting<>(key, description, allowed, defaultText, defaultValue, parser, secret, list,
                text -> quoted(redaction.apply(text)));
    }

    private static String quoted(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", "?");
        return "\"" + (oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine) + "\"";
    }

    /** How a given value appears in a message: quoted, shortened, redacted or not at all. */
    String shown(String text) {
        return shown.apply(text);
    }

    static Setting<String> choice(String key, String defaultValue, List<String> values, String description) {
        return new Setting<>(key, description, "one of " + String.join(", ", values), defaultValue, defaultValue,
                text -> values.stream().filter(value -> value.equalsIgnoreCase(text.strip())).findFirst()
                        .orElseThrow(() -> new InvalidValue("is not a known choice")), false, false);
    }

    static Setting<Integer> integer(String key, int defaultValue, int min, int max, String description) {
        return new Setting<>(key, description, "an integer from " + min + " to " + max, Integer.toString(defaultValue),
                defaultValue, text -> {
                    int value;
                    try {
                        value = Integer.parseInt(text.strip());
                    } catch (NumberFormatException e) {
                        throw new InvalidValue("is not an integer");
                    }
                    if (value < min || value > max) {
                        throw new InvalidValue("is out of range");
                    }
                    return value;
                }, false, false);
    }

    static Setting<Duration> duration(String key, String defaultValue, Duration min, Duration max, String description) {
        Function<String, Duration> parse = text -> {
            Duration duration;
            try {
                duration = DurationText.parse(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidValue("is not a duration");
            }
            if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
                throw new InvalidValue("is out of range");
            }
            return duration;
        };
        return new Setting<>(key, description, "a duration such as 500ms, 30s, 15m, 12h or 90d, from "
                + DurationText.format(min) + " to " + DurationText.format(max), defaultValue, parse.apply(defaultValue),
                parse, false, false);
    }

    static Setting<Boolean> flag(String key, boolean defaultValue, String description) {
        return new Setting<>(key, description, "true or false", Boolean.toString(defaultValue), defaultValue, text -> {
            String value = text.strip().toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                throw new InvalidValue("is not true or false");
            }
            return Boolean.parseBoolean(value);
        }, false, false);
    }

    static Setting<String> text(String key, String defaultValue, String allowed, Pattern pattern, String description) {
        return new Setting<>(key, description, allowed, defaultValue, defaultValue, text -> {
            if (!pattern.matcher(text).matches()) {
                throw new InvalidValue("is not " + allowed);
            }
            return text;
        }, false, false);
    }

    static Setting<Optional<String>> optionalText(String key, String allowed, Pattern pattern, String description) {
        return new Setting<>(key, description, allowed, "(none)", Optional.empty(), text -> {
            if (!pattern.matcher(text).matches()) {
                throw new InvalidValue("is not " + allowed);
            }
            return Optional.of(text);
        }, false, false);
    }

    /** A secret value: never echoed in messages, audit events or logs. */
    static Setting<Optional<String>> secret(String key, String allowed, String description) {
        return new Setting<>(key, description, allowed, "(none)", Optional.empty(), text -> {
            if (text.isEmpty() || text.length() > 4096) {
                throw new InvalidValue("must be 1 to 4096 characters");
            }
            return Optional.of(text);
        }, true, false);
    }

    static Setting<Path> path(String key, String defaultValue, String description) {
        return new Setting<>(key, description, "a file-system path", defaultValue, Path.of(defaultValue),
                Setting::toPath, false, false);
    }

    static Setting<Optional<Path>> optionalPath(String key, String allowed, String description) {
        return new Setting<>(key, description, allowed, "(none)", Optional.empty(),
                text -> Optional.of(toPath(text)), false, false);
    }

    static Setting<Optional<URI>> optionalUrl(String key, String defaultText, String description) {
        return new Setting<>(key, description, "an absolute http or https URL without query or fragment", defaultText,
                Optional.empty(), text -> {
                    try {
                        URI uri = new URI(text.strip());
                        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                                || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                                || uri.getRawUserInfo() != null) {
                            throw new InvalidValue("is not an absolute http(s) URL without query or fragment");
                        }
                        return Optional.of(uri);
                    } catch (java.net.URISyntaxException e) {
                        throw new InvalidValue("is not a URL");
                    }
                }, false, false);
    }

    /** A list of choices, comma-separated in the environment; no duplicates, at least one. */
    static Setting<List<String>> choices(String key, String defaultValue, List<String> values, String description) {
        Function<String, List<String>> parse = text -> {
            List<String> items = Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (items.isEmpty() || items.stream().distinct().count() != items.size()) {
                throw new InvalidValue("must list at least one choice, each once");
            }
            return items.stream().map(item -> values.stream().filter(value -> value.equalsIgnoreCase(item)).findFirst()
                    .orElseThrow(() -> new InvalidValue("has an entry that is not a known choice"))).toList();
        };
        return new Setting<>(key, description, "a list of " + String.join(", ", values), defaultValue,
                parse.apply(defaultValue), parse, false, true);
    }

    /** A list of IP addresses or CIDR ranges, such as {@code 10.0.0.0/8}; comma-separated in the environment. */
    static Setting<List<AddressRange>> addresses(String key, String defaultValue, String description) {
        Function<String, List<AddressRange>> parse = text -> Arrays.stream(text.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(item -> {
                    try {
                        return AddressRange.parse(item);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidValue("has an entry that is not an IP address or CIDR range");
                    }
                }).toList();
        return new Setting<>(key, description, "a list of IP addresses or CIDR ranges such as 10.0.0.0/8",
                defaultValue.isEmpty() ? "(empty)" : defaultValue, parse.apply(defaultValue), parse, false, true);
    }

    private static Path toPath(String text) {
        if (text.isBlank() || text.indexOf('\0') >= 0) {
            throw new InvalidValue("is not a path");
        }
        try {
            return Path.of(text.strip());
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidValue("is not a path");
        }
    }

    /** The dotted key, such as {@code server.port}. */
    public String key() {
        return key;
    }

    /** The environment variable that overrides the file: {@code BULWARK_} and the key in upper snake case. */
    public String environmentVariable() {
        String snake = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_');
        return "BULWARK_" + snake.toUpperCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    public String allowed() {
        return allowed;
    }

    public String defaultText() {
        return defaultText;
    }

    T defaultValue() {
        return defaultValue;
    }

    public boolean secret() {
        return secret;
    }

    boolean list() {
        return list;
    }

    T parse(String text) {
        return parser.apply(text);
    }

    @Override
    public String toString() {
        return key;
    }
}
