package dev.bulwark.store;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the database.
 *
 * @param url            JDBC URL: {@code jdbc:sqlite:FILE} (embedded default) or {@code jdbc:postgresql://...}
 * @param username       database user (PostgreSQL), if not in the URL
 * @param password       database password (PostgreSQL), if not in the URL; never printed
 * @param poolSize       most connections in the pool (for SQLite: readers; there is always one writer)
 * @param connectTimeout how long a request waits for a connection before failing closed
 * @param metrics        where HikariCP reports pool use, if anywhere
 */
public record StoreSettings(String url, Optional<String> username, Optional<String> password, int poolSize,
                            Duration connectTimeout, Optional<MetricsTrackerFactory> metrics) {
    public StoreSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
        if (connectTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectTimeout must be at least 250 ms");
        }
        Objects.requireNonNull(metrics, "metrics");
    }

    public static StoreSettings of(String url) {
        return new StoreSettings(url, Optional.empty(), Optional.empty(), 10, Duration.ofSeconds(3), Optional.empty());
    }

    public StoreSettings withCredentials(String user, String secret) {
        return new StoreSettings(url, Optional.of(user), Optional.of(secret), poolSize, connectTimeout, metrics);
    }

    public StoreSettings withMetrics(MetricsTrackerFactory factory) {
        return new StoreSettings(url, username, password, poolSize, connectTimeout, Optional.of(factory));
    }

    /** The URL without its query or user information, which may hold credentials: safe for messages and logs. */
    public String redactedUrl() {
        return redact(url);
    }

    /** {@code url} without its query or user information, either of which may hold a password. */
    public static String redact(String url) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query) + "?…";
        return base.replaceAll("//[^/@]*@", "//…@");
    }

    @Override
    public String toString() {
        return "StoreSettings[url=" + redactedUrl() + ", username=" + username.orElse("") + ", password="
                + (password.isPresent() ? "(set)" : "(none)") + ", poolSize=" + poolSize + "]";
    }
}
