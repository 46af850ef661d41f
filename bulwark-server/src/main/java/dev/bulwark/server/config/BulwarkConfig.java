package dev.bulwark.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A validated configuration: every setting of {@link Settings} with its value from the file, the environment
 * or the default. Values are read with {@link #get(Setting)}; a few derived values have their own methods.
 */
public final class BulwarkConfig {
    private final Optional<Path> file;
    private final Map<Setting<?>, Object> values;
    private final Set<Setting<?>> overridden;

    BulwarkConfig(Optional<Path> file, Map<Setting<?>, Object> values, Set<Setting<?>> overridden) {
        this.file = Objects.requireNonNull(file);
        this.values = Map.copyOf(values);
        this.overridden = Set.copyOf(overridden);
    }

    /** The defaults alone, as if no file and no environment variable were given. */
    public static BulwarkConfig defaults() {
        return ConfigLoader.load(Optional.empty(), Map.of(), Path.of("."));
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException("unknown setting " + setting.key());
        }
        return (T) values.get(setting);
    }

    /** The file read, if any. */
    public Optional<Path> file() {
        return file;
    }

    /** The settings given a value, by the file or the environment. */
    public Set<Setting<?>> overridden() {
        return overridden;
    }

    public boolean production() {
        return "production".equals(get(Settings.MODE));
    }

    public boolean tlsEnabled() {
        return get(Settings.SERVER_TLS_CERTIFICATE).isPresent();
    }

    /** The database URL, defaulting to SQLite under the data directory. */
    public String storageUrl() {
        return get(Settings.STORAGE_URL)
                .orElseGet(() -> "jdbc:sqlite:" + get(Settings.DATA_DIR).resolve("bulwark.db"));
    }

    /** The URL clients use: the configured public URL, else derived from the listening address. */
    public URI publicUrl() {
        return get(Settings.SERVER_PUBLIC_URL).orElseGet(() -> {
            String host = get(Settings.SERVER_HOST);
            String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost"
                    : host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
            return URI.create((tlsEnabled() ? "https" : "http") + "://" + shown + ":" + get(Settings.SERVER_PORT));
        });
    }

    /**
     * The issuer identifier (RFC 8414 §2, OpenID Connect Discovery §3): the public URL without a trailing slash,
     * the same string in every token, the metadata and every {@code iss} parameter.
     */
    public String issuer() {
        String url = publicUrl().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** This configuration listening on {@code port} instead: how "any free port" (0) becomes a real one at start. */
    public BulwarkConfig withPort(int port) {
        Map<Setting<?>, Object> changed = new java.util.HashMap<>(values);
        changed.put(Settings.SERVER_PORT, port);
        return new BulwarkConfig(file, changed, overridden);
    }

}
