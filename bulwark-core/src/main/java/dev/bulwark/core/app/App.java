package dev.bulwark.core.app;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered app (OAuth client) as stored: its definition, the digest of its secret when it has one, and when
 * it was created and last changed. The secret itself is never stored; it is shown once when generated.
 */
public record App(AppDefinition definition, Optional<String> secretDigest, Instant createdAt, Instant updatedAt) {
    public App {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(secretDigest, "secretDigest");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (definition.authMethod() == ClientAuthMethod.CLIENT_SECRET && secretDigest.isEmpty()) {
            throw new IllegalArgumentException("an app that authenticates with a secret needs its digest");
        }
    }

    public ClientId clientId() {
        return definition.clientId();
    }

    @Override
    public String toString() {
        return "App[" + definition.clientId() + ", " + definition.type() + "]";
    }
}
