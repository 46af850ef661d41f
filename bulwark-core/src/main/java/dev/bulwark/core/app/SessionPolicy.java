package dev.bulwark.core.app;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a sign-in lasts on a device.
 *
 * @param idleTimeout      a session unused this long ends; each use extends it. Default 30 minutes.
 * @param absoluteLifetime a session ends this long after sign-in, however much it is used. Default 30 days.
 */
public record SessionPolicy(Duration idleTimeout, Duration absoluteLifetime) {
    public static final SessionPolicy DEFAULT = new SessionPolicy(Duration.ofMinutes(30), Duration.ofDays(30));
    /** The longest sessions of an app for administration: 15 minutes idle, 8 hours in all. */
    public static final SessionPolicy ADMINISTRATION = new SessionPolicy(Duration.ofMinutes(15), Duration.ofHours(8));

    public SessionPolicy {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(absoluteLifetime, "absoluteLifetime");
        if (idleTimeout.compareTo(Duration.ofMinutes(1)) < 0 || absoluteLifetime.compareTo(idleTimeout) < 0
                || absoluteLifetime.compareTo(Duration.ofDays(400)) > 0) {
            throw new IllegalArgumentException("the idle timeout must be at least 1m, and the absolute lifetime at "
                    + "least the idle timeout and at most 400d");
        }
    }

    /** Whether sessions under this policy last no longer than under {@code limit}. */
    public boolean within(SessionPolicy limit) {
        return idleTimeout.compareTo(limit.idleTimeout) <= 0 && absoluteLifetime.compareTo(limit.absoluteLifetime) <= 0;
    }

    /** This policy, shortened to {@code limit} where it is longer. */
    public SessionPolicy atMost(SessionPolicy limit) {
        Duration idle = idleTimeout.compareTo(limit.idleTimeout) <= 0 ? idleTimeout : limit.idleTimeout;
        Duration absolute = absoluteLifetime.compareTo(limit.absoluteLifetime) <= 0 ? absoluteLifetime
                : limit.absoluteLifetime;
        return new SessionPolicy(idle, absolute.compareTo(idle) < 0 ? idle : absolute);
    }
}
