package dev.bulwark.core.identity;

import java.time.Instant;

/** What may be shown about a user's password: when it was set and whether it must be replaced. Never the hash. */
public record PasswordStatus(Instant changedAt, boolean mustChange) {
}
