package dev.bulwark.core.app;

/** What kind of OAuth client an app is. */
public enum AppType {
    /** A mobile or desktop app: a public client, which cannot keep a secret (RFC 8252). */
    NATIVE,
    /** A backend service: a confidential client, authenticated by a secret or a signed assertion. */
    SERVICE
}
