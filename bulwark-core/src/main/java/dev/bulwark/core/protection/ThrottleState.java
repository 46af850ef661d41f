package dev.bulwark.core.protection;

import java.time.Instant;

/** The failures counted against a key since its window opened, and when the latest happened. */
public record ThrottleState(int failures, Instant lastFailureAt) {
}
