package dev.bulwark.core.identity;

/** Whether a user may sign in. A disabled user keeps their data but every credential check fails. */
public enum UserStatus {
    ACTIVE,
    DISABLED
}
