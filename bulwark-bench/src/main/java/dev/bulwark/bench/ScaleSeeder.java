package dev.bulwark.bench;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvents;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.identity.PasswordCredential;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.identity.UserStatus;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.oauth.Assurance;
import dev.bulwark.core.session.Device;
import dev.bulwark.core.session.DeviceId;
import dev.bulwark.core.session.RefreshGeneration;
import dev.bulwark.core.session.Session;
import dev.bulwark.core.session.SessionId;
import dev.bulwark.store.Store;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Fills a database for the scale benchmark through the store's own repositories (the same inserts the server
 * makes, in transactions of {@link #BATCH} rows), so that the rows, indexes and audit chain are exactly what a real
 * installation holds. Seeded user {@code n} is {@code seed-n}; each has one device; session {@code k} belongs to
 * user {@code k mod users}, so a user holds sessions/users of them. Every session is recorded in the audit trail
 * (a {@code session.started} event, sealed into the chain with the installation's real key), as a sign-in would.
 * All seeded users share one password hash, copied from a template user created through the CLI: hashing a million
 * passwords would take hours and measures nothing here.
 */
final class ScaleSeeder {
    static final int BATCH = 5_000;
    private static final long ID_PREFIX = 0x5eed_0000_0000_0000L;

    private final Store store;
    private final AuditTrail audit;
    private final ClientId client;
    /** Session ids are random, as the server's are; seeded afresh for each seeder, so that no step repeats one. */
    private final SplittableRandom random = new SplittableRandom(new java.security.SecureRandom().nextLong());
    private final Instant now = Instant.now();

    ScaleSeeder(Store store, AuditTrail audit, ClientId client) {
        this.store = store;
        this.audit = audit;
        this.client = client;
    }

    /** Creates users {@code from} to {@code to - 1}, each with the template's password hash and one device. */
    void users(long from, long to, PasswordCredential template) {
        for (long batch = from; batch < to; batch += BATCH) {
            long first = batch;
            long last = Math.min(to, batch + BATCH);
            store.transactions().run(() -> {
                for (long n = first; n < last; n++) {
                    UserId id = userId(n);
                    Instant created = now.minus(Duration.ofDays(400)).plusSeconds(n % 30_000_000);
                    store.users().insert(new User(id, Username.of("seed-" + n), Optional.empty(), Optional.empty(),
                            UserStatus.ACTIVE, Set.of(), created, created));
                    store.passwordCredentials().save(new PasswordCredential(id, template.hash(), created, false));
                    store.devices().insert(new Device(deviceId(n), id, "seed-installation-" + n,
                            Optional.of("Phone"), Optional.of("Pixel 9"), Optional.of("Android 16"),
                            Optional.of("1.0.0"), created, now, Optional.empty()));
                }
            });
        }
    }

    /**
     * Creates sessions {@code from} to {@code to - 1} among {@code users} users, started in the last week and used
     * within the last day, each recorded in the audit trail.
     */
    void sessions(long from, long to, long users) {
        for (long batch = from; batch < to; batch += BATCH) {
            long first = batch;
            long last = Math.min(to, batch + BATCH);
            List<Session> sessions = new ArrayList<>(BATCH);
            List<AuditTrail.Entry> started = new ArrayList<>(BATCH);
            for (long k = first; k < last; k++) {
                long n = k % users;
                UserId user = userId(n);
                byte[] bytes = new byte[16];
                random.nextBytes(bytes);
                SessionId id = new SessionId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
                Instant created = now.minusSeconds(random.nextLong(7 * 86_400));
                Instant used = now.minusSeconds(random.nextLong(86_400));
                if (used.isBefore(created)) {
                    used = created;
                }
                sessions.add(new Session(id, user, client, deviceId(n), Scopes.parse("openid"), created, used,
                        created, Assurance.AAL1, List.of("pwd"), Optional.empty(), Optional.empty(), Optional.empty(),
                        new RefreshGeneration(random.nextLong(2_000), used)));
                started.add(new AuditTrail.Entry(new AuditEvents.SessionStarted(user, id, client, deviceId(n)),
                        Actor.user(user)));
            }
            store.transactions().run(() -> {
                store.sessions().insertAll(sessions);
                audit.recordAll(started);
            });
        }
    }

    static UserId userId(long n) {
        return new UserId(new UUID(ID_PREFIX, n));
    }

    private static DeviceId deviceId(long n) {
        byte[] bytes = ByteBuffer.allocate(16).putLong(ID_PREFIX).putLong(n).array();
        return new DeviceId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
}
