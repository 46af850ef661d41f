package dev.bulwark.core.identity;

/** What a user may administer. Users without roles administer nothing. */
public enum Role {
    /** Full administration of Bulwark. */
    ADMIN
}
