package dev.bulwark.core.app;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an app's tokens live.
 *
 * @param accessTokenLifetime how long an access token is valid; default 5 minutes, at most 1 hour
 * @param refreshRetryLeeway  how long after a refresh the same superseded refresh token, presented again, gets the
 *                            same successor instead of revoking the session: a phone that lost the response on a bad
 *                            network retries safely. Default 10 seconds, at most 2 minutes; 0 turns it off. Within it,
 *                            whoever holds the superseded token gets the successor too, which is the price.
 */
public record TokenPolicy(Duration accessTokenLifetime, Duration refreshRetryLeeway) {
    public static final Duration LONGEST_ACCESS_TOKEN = Duration.ofHours(1);
    public static final TokenPolicy DEFAULT = new TokenPolicy(Duration.ofMinutes(5), Duration.ofSeconds(10));

    public TokenPolicy {
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        Objects.requireNonNull(refreshRetryLeeway, "refreshRetryLeeway");
        if (accessTokenLifetime.compareTo(Duration.ofSeconds(30)) < 0
                || accessTokenLifetime.compareTo(LONGEST_ACCESS_TOKEN) > 0) {
            throw new IllegalArgumentException("the access token lifetime must be 30s to 1h");
        }
        if (refreshRetryLeeway.isNegative() || refreshRetryLeeway.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new IllegalArgumentException("the refresh retry leeway must be 0 to 2m");
        }
    }
}
