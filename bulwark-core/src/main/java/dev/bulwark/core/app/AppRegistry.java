package dev.bulwark.core.app;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.Transactions;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvents.AppCreated;
import dev.bulwark.core.audit.AuditEvents.AppDeleted;
import dev.bulwark.core.audit.AuditEvents.AppSecretRotated;
import dev.bulwark.core.audit.AuditEvents.AppUpdated;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.crypto.TokenDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Registers apps (OAuth clients). A client secret is generated here (256 random bits), returned once, and only
 * its digest is kept. Every change is audited.
 */
public final class AppRegistry {
    private static final int SECRET_BYTES = 32;

    private final AppRepository apps;
    private final AppSessionTermination sessions;
    private final AuditTrail audit;
    private final Transactions transactions;
    private final Clock clock;
    private final SecureRandom random;

    public AppRegistry(AppRepository apps, AppSessionTermination sessions, AuditTrail audit,
                       Transactions transactions, Clock clock, SecureRandom random) {
        this.apps = apps;
        this.sessions = sessions;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.random = random;
    }

    /** An app with its secret, which exists only in this value and is shown to the operator once. */
    public record Registered(App app, Optional<String> clientSecret) {
        @Override
        public String toString() {
            return "Registered[" + app + ", secret " + (clientSecret.isPresent() ? "redacted" : "none") + "]";
        }
    }

    /** A fresh client id for an operator who did not choose one. */
    public ClientId newClientId() {
        return ClientId.random(random);
    }

    public Registered create(AppDefinition definition, Actor actor) {
        Optional<String> secret = definition.authMethod() == ClientAuthMethod.CLIENT_SECRET
                ? Optional.of(TokenDigest.newSecret(random, SECRET_BYTES)) : Optional.empty();
        Instant now = clock.instant();
        App app = new App(definition, secret.map(TokenDigest::of), now, now);
        transactions.run(() -> {
            apps.insert(app);
            audit.record(new AppCreated(definition.clientId(), definition.type()), actor);
        });
        return new Registered(app, secret);
    }

    /**
     * Replaces an app's definition. Its secret is kept when it still authenticates with one; switching to a
     * secret generates one, returned once.
     */
    public Registered update(AppDefinition definition, Actor actor) {
        return transactions.inTransaction(() -> {
            App current = require(definition.clientId());
            Optional<String> newSecret = Optional.empty();
            Optional<String> digest = current.secretDigest();
            if (definition.authMethod() != ClientAuthMethod.CLIENT_SECRET) {
                digest = Optional.empty();
            } else if (digest.isEmpty()) {
                newSecret = Optional.of(TokenDigest.newSecret(random, SECRET_BYTES));
                digest = newSecret.map(TokenDigest::of);
            }
            App updated = new App(definition, digest, current.createdAt(), clock.instant());
            apps.update(updated);
            audit.record(new AppUpdated(definition.clientId()), actor);
            return new Registered(updated, newSecret);
        });
    }

    /** Replaces the client secret; the old one stops working at once. */
    public Registered rotateSecret(ClientId clientId, Actor actor) {
        return transactions.inTransaction(() -> {
            App current = require(clientId);
            if (current.definition().authMethod() != ClientAuthMethod.CLIENT_SECRET) {
                throw new DomainException(ErrorCode.INVALID_REQUEST, "This app does not authenticate with a secret.");
            }
            String secret = TokenDigest.newSecret(random, SECRET_BYTES);
            App updated = new App(current.definition(), Optional.of(TokenDigest.of(secret)), current.createdAt(),
                    clock.instant());
            apps.update(updated);
            audit.record(new AppSecretRotated(clientId), actor);
            return new Registered(updated, Optional.of(secret));
        });
    }

    /**
     * Deletes an app. Its sessions end with it (their refresh tokens fail and their access tokens enter the
     * revocation feed); its client authentication fails at once.
     */
    public void delete(ClientId clientId, Actor actor) {
        transactions.run(() -> {
            require(clientId);
            sessions.endSessionsOf(clientId, actor);
            apps.delete(clientId);
            audit.record(new AppDeleted(clientId), actor);
        });
    }

    public Optional<App> find(ClientId clientId) {
        return apps.find(clientId);
    }

    public List<App> list() {
        return apps.list();
    }

    private App require(ClientId clientId) {
        return apps.find(clientId).orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "No app " + clientId + "."));
    }
}
