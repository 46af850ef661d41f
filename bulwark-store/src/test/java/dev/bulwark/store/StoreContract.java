package dev.bulwark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditChain;
import dev.bulwark.core.audit.AuditEvents.UserDisabled;
import dev.bulwark.core.audit.AuditRecord;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.audit.AuditVerifier;
import dev.bulwark.core.crypto.Argon2Parameters;
import dev.bulwark.core.crypto.BouncyCastleArgon2id;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.crypto.PasswordHash;
import dev.bulwark.core.crypto.PasswordHasher;
import dev.bulwark.core.crypto.SecretBytes;
import dev.bulwark.core.identity.EmailAddress;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.PasswordAuthentication;
import dev.bulwark.core.identity.PasswordCredential;
import dev.bulwark.core.identity.PasswordPolicy;
import dev.bulwark.core.identity.PasswordPolicyCheck;
import dev.bulwark.core.identity.PhoneNumber;
import dev.bulwark.core.identity.Role;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.mfa.FactorKind;
import dev.bulwark.core.identity.UserAccounts;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.identity.UserStatus;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.session.RefreshGeneration;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every store must have, run against each database. Subclasses only say how to open a fresh,
 * empty store.
 */
abstract class StoreContract {
    private static final Argon2Parameters CHEAP = new Argon2Parameters(64, 1, 1);
    private static final String GOOD = "violet tractor sings under 7 moons";

    protected Store store;
    private final Instant now = Instant.parse("2026-11-22T10:00:00.123Z");
    private final PasswordHasher hasher = new PasswordHasher(new BouncyCastleArgon2id(), CHEAP, new SecureRandom());
    private final AuditChain chain = new AuditChain(SecretBytes.copyOf(new byte[32]));

    protected abstract Store openFreshStore();

    @BeforeEach
    void open() {
        store = openFreshStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private User user(String username, String email) {
        return new User(UserId.random(), Username.of(username), Optional.ofNullable(email).map(EmailAddress::of),
                Optional.of(PhoneNumber.of("+14155550123")), UserStatus.ACTIVE, Set.of(Role.ADMIN), now, now);
    }

    private UserAccounts accounts() {
        return new UserAccounts(store.users(), store.passwordCredentials(), hasher,
                new PasswordPolicyCheck(PasswordPolicy.DEFAULT), new AuditTrail(store.auditLog(), chain, Clock.systemUTC()),
                store.transactions(), Clock.systemUTC(), dev.bulwark.core.identity.SessionTermination.NONE);
    }

    @Test
    void whenUserInsertedThenFoundByIdUsernameAndEmailWithEveryField() {
        User alice = user("Alice", "Alice@Example.com");
        store.users().insert(alice);

        assertThat(store.users().findById(alice.id())).contains(alice);
        assertThat(store.users().findByUsername(Username.of("aLiCe"))).contains(alice);
        assertThat(store.users().findByEmail(EmailAddress.of("alice@example.COM"))).contains(alice);
        assertThat(store.users().findById(UserId.random())).isEmpty();
    }

    @Test
    void whenUsernameTakenInAnotherCaseOrFormThenConflict() {
        store.users().insert(user("Stra\u00dfe", null));

        assertThatThrownBy(() -> store.users().insert(user("STRASSE", null)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.detail()).contains("username");
                });
    }

    @Test
    void whenEmailTakenInAnotherCaseThenConflictNamingEmail() {
        store.users().insert(user("alice", "alice@example.com"));

        assertThatThrownBy(() -> store.users().insert(user("bob", "ALICE@example.com")))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.detail()).contains("email"));
    }

    @Test
    void whenSeveralUsersHaveNoEmailThenNoConflict() {
        store.users().insert(user("alice", null));
        store.users().insert(user("bob", null));

        assertThat(store.users().list(0, 10)).extracting(u -> u.username().value()).containsExactly("alice", "bob");
    }

    @Test
    void whenUserUpdatedThenChangesKept() {
        User alice = user("alice", null);
        store.users().insert(alice);
        User disabled = alice.withStatus(UserStatus.DISABLED, now.plusSeconds(5));

        assertThat(store.users().update(disabled)).isTrue();

        assertThat(store.users().findById(alice.id())).contains(disabled);
        assertThat(store.users().update(user("ghost", null))).isFalse();
    }

    @Test
    void whenListedThenOrderedByUsernameKeyAndPaged() {
        for (String name : List.of("delta", "Alpha", "charlie", "bravo")) {
            store.users().insert(user(name, null));
        }

        assertThat(store.users().list(1, 2)).extracting(u -> u.username().value()).containsExactly("bravo", "charlie");
    }

    @Test
    void whenRoleAskedThenOnlyWholeRoleNamesMatch() {
        assertThat(store.users().anyWithRole(Role.ADMIN)).isFalse();
        store.users().insert(new User(UserId.random(), Username.of("plain"), Optional.empty(), Optional.empty(),
                UserStatus.ACTIVE, Set.of(), now, now));
        assertThat(store.users().anyWithRole(Role.ADMIN)).isFalse();
        store.users().insert(user("admin", null));
        assertThat(store.users().anyWithRole(Role.ADMIN)).isTrue();
    }

    @Test
    void whenUserDeletedThenCredentialsAndHistoryGoToo() {
        User alice = user("alice", null);
        store.users().insert(alice);
        store.passwordCredentials().save(new PasswordCredential(alice.id(), hasher.hash(Password.of("a")), now, false));
        store.passwordCredentials().retire(store.passwordCredentials().find(alice.id()).orElseThrow(), 3);

        assertThat(store.users().delete(alice.id())).isTrue();

        assertThat(store.passwordCredentials().find(alice.id())).isEmpty();
        assertThat(store.passwordCredentials().history(alice.id(), 10)).isEmpty();
        assertThat(store.users().delete(alice.id())).isFalse();
    }

    @Test
    void whenPasswordSavedTwiceThenLatestKeptWithEveryField() {
        User alice = user("alice", null);
        store.users().insert(alice);
        PasswordHash first = hasher.hash(Password.of("first"));
        PasswordHash second = hasher.hash(Password.of("second"));

        store.passwordCredentials().save(new PasswordCredential(alice.id(), first, now, true));
        store.passwordCredentials().save(new PasswordCredential(alice.id(), second, now.plusSeconds(1), false));

        PasswordCredential stored = store.passwordCredentials().find(alice.id()).orElseThrow();
        assertThat(stored.hash().encoded()).isEqualTo(second.encoded());
        assertThat(stored.changedAt()).isEqualTo(now.plusSeconds(1));
        assertThat(stored.mustChange()).isFalse();
    }

    @Test
    void whenReplacedIfUnchangedThenOnlyTheExpectedHashIsReplaced() {
        User alice = user("alice", null);
        store.users().insert(alice);
        var first = new PasswordCredential(alice.id(), hasher.hash(Password.of("first")), now, true);
        var second = new PasswordCredential(alice.id(), hasher.hash(Password.of("second")), now, false);
        var third = new PasswordCredential(alice.id(), hasher.hash(Password.of("third")), now, false);
        store.passwordCredentials().save(first);

        assertThat(store.passwordCredentials().replaceIfUnchanged(first, second)).isTrue();
        assertThat(store.passwordCredentials().replaceIfUnchanged(first, third)).isFalse();

        PasswordCredential stored = store.passwordCredentials().find(alice.id()).orElseThrow();
        assertThat(stored.hash().encoded()).isEqualTo(second.hash().encoded());
        assertThat(stored.mustChange()).isFalse();
    }

    @Test
    void whenPasswordsRetiredThenHistoryNewestFirstAndTrimmed() {
        User alice = user("alice", null);
        store.users().insert(alice);
        List<PasswordHash> hashes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            PasswordHash hash = hasher.hash(Password.of("p" + i));
            hashes.add(hash);
            store.passwordCredentials().retire(new PasswordCredential(alice.id(), hash, now, false), 3);
        }

        assertThat(store.passwordCredentials().history(alice.id(), 10)).extracting(PasswordHash::encoded)
                .containsExactly(hashes.get(3).encoded(), hashes.get(2).encoded(), hashes.get(1).encoded());
        assertThat(store.passwordCredentials().history(alice.id(), 1)).hasSize(1);
    }

    @Test
    void whenCredentialForUnknownUserThenRefusedByForeignKeyWithoutBoundValuesInMessage() {
        PasswordHash hash = hasher.hash(Password.of("x"));

        assertThatThrownBy(() -> store.passwordCredentials().save(
                new PasswordCredential(UserId.random(), hash, now, false)))
                .isInstanceOf(RuntimeException.class)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(hash.encoded().substring(30));
                    }
                });
    }

    @Test
    void whenAuditAppendedThenSequencedLinkedAndReadableBothWays() {
        var trail = new AuditTrail(store.auditLog(), chain, Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            trail.record(new UserDisabled(UserId.random()), Actor.SYSTEM);
        }

        List<AuditRecord> all = store.auditLog().readFrom(1, 100);
        assertThat(all).extracting(AuditRecord::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(all.get(0).previousMac()).isEqualTo(AuditChain.GENESIS);
        assertThat(all.get(3).previousMac()).isEqualTo(all.get(2).mac());
        assertThat(store.auditLog().readFrom(4, 100)).extracting(AuditRecord::sequence).containsExactly(4L, 5L);
        assertThat(store.auditLog().latest(2)).extracting(AuditRecord::sequence).containsExactly(4L, 5L);
        assertThat(new AuditVerifier(store.auditLog(), chain).verify().intact()).isTrue();
    }

    @Test
    void whenAuditAppendedInBulkThenChainedToTheHeadAndToEachOther() {
        var trail = new AuditTrail(store.auditLog(), chain, Clock.systemUTC());
        trail.record(new UserDisabled(UserId.random()), Actor.SYSTEM);
        List<AuditRecord> bulk = trail.recordAll(List.of(
                new AuditTrail.Entry(new UserDisabled(UserId.random()), Actor.SYSTEM),
                new AuditTrail.Entry(new UserDisabled(UserId.random()), Actor.cli("ops")),
                new AuditTrail.Entry(new UserDisabled(UserId.random()), Actor.SYSTEM)));
        trail.record(new UserDisabled(UserId.random()), Actor.SYSTEM);

        assertThat(bulk).extracting(AuditRecord::sequence).containsExactly(2L, 3L, 4L);
        assertThat(store.auditLog().readFrom(2, 3)).isEqualTo(bulk);
        assertThat(bulk.get(0).previousMac()).isEqualTo(store.auditLog().readFrom(1, 1).get(0).mac());
        assertThat(bulk.get(2).previousMac()).isEqualTo(bulk.get(1).mac());
        assertThat(trail.recordAll(List.of())).isEmpty();
        var verification = new AuditVerifier(store.auditLog(), chain).verify();
        assertThat(verification.findings()).isEmpty();
        assertThat(verification.recordsChecked()).isEqualTo(5);
    }

    @Test
    void whenAuditAppendedConcurrentlyThenOneUnbrokenChain() throws Exception {
        var trail = new AuditTrail(store.auditLog(), chain, Clock.systemUTC());
        List<Callable<Void>> writers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            writers.add(() -> {
                for (int i = 0; i < 15; i++) {
                    trail.record(new UserDisabled(UserId.random()), Actor.SYSTEM);
                }
                return null;
            });
        }
        try (var executor = Executors.newFixedThreadPool(8)) {
            for (Future<Void> future : executor.invokeAll(writers)) {
                future.get();
            }
        }

        var verification = new AuditVerifier(store.auditLog(), chain).verify();
        assertThat(verification.findings()).isEmpty();
        assertThat(verification.recordsChecked()).isEqualTo(120);
    }

    @Test
    void whenAuditRecordReadBackThenEveryFieldIdentical() {
        var trail = new AuditTrail(store.auditLog(), chain, Clock.fixed(now, java.time.ZoneOffset.UTC));
        AuditRecord written = trail.record(new UserDisabled(UserId.random()), Actor.cli("ops"));

        assertThat(store.auditLog().latest(1)).containsExactly(written);
        assertThat(written.occurredAt()).isEqualTo(now.truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void whenAppStoredThenReadBackWithEveryFieldAndUniqueClientId() {
        var definition = dev.bulwark.core.testing.TestApps.nativeApp("mobile");
        var app = new dev.bulwark.core.app.App(definition, Optional.empty(), now, now);
        var service = new dev.bulwark.core.app.App(dev.bulwark.core.testing.TestApps.resourceServer("svc"),
                Optional.of("digest"), now, now.plusSeconds(1));
        store.apps().insert(app);
        store.apps().insert(service);

        assertThat(store.apps().find(app.clientId())).contains(app);
        assertThat(store.apps().list()).containsExactly(app, service);
        assertThatThrownBy(() -> store.apps().insert(app)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(store.apps().delete(app.clientId())).isTrue();
        assertThat(store.apps().find(app.clientId())).isEmpty();
        assertThat(store.apps().update(app)).isFalse();
    }

    @Test
    void whenDevicePolicyAndAttestationStoredThenReadBackWithEveryField() {
        var policy = dev.bulwark.core.app.DevicePolicy.parse("integrity=strong emulators=block min_os_patch=202506 "
                + "min_app_version=42 android_package=com.example.bank signing_certificates=" + "ab".repeat(32)
                + " reattestation_days=30 scope.payments=strongbox");
        var app = new dev.bulwark.core.app.App(dev.bulwark.core.testing.TestApps.nativeApp("bank", policy),
                Optional.empty(), now, now);
        store.apps().insert(app);
        assertThat(store.apps().find(app.clientId()).orElseThrow().definition().devices()).isEqualTo(policy);

        var integrity = new dev.bulwark.core.device.DeviceIntegrity(
                dev.bulwark.core.device.DeviceIntegrity.Evidence.ANDROID_KEY_ATTESTATION,
                dev.bulwark.core.mfa.KeyProtection.STRONGBOX,
                Optional.of(dev.bulwark.core.device.RootOfTrust.VerifiedBootState.UNVERIFIED), Optional.of(false), false,
                Optional.of(202408), java.util.Map.of("com.example.bank", 42L, "com.example.other", 7L),
                Set.of("ab".repeat(32), "cd".repeat(32)), true);
        var attestation = new dev.bulwark.core.device.DeviceAttestation("thumbprint-1", app.clientId(), integrity,
                now);
        store.deviceAttestations().save(attestation);
        assertThat(store.deviceAttestations().find("thumbprint-1")).contains(attestation);
        var unknown = new dev.bulwark.core.device.DeviceIntegrity(integrity.evidence(),
                dev.bulwark.core.mfa.KeyProtection.UNVERIFIED, Optional.empty(), Optional.empty(), true,
                Optional.empty(), java.util.Map.of(), Set.of(), false);
        var replaced = new dev.bulwark.core.device.DeviceAttestation("thumbprint-1", app.clientId(), unknown,
                now.plusSeconds(5));
        store.deviceAttestations().save(replaced);
        assertThat(store.deviceAttestations().find("thumbprint-1")).contains(replaced);
        assertThat(store.deviceAttestations().find("thumbprint-2")).isEmpty();

        User alice = storedUser("alice");
        var device = new dev.bulwark.core.session.Device(new dev.bulwark.core.session.DeviceId("device-0000000000009"),
                alice.id(), "install-9", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), now,
                now, Optional.empty());
        store.devices().insert(device);
        store.sessions().insert(new dev.bulwark.core.session.Session(
                new dev.bulwark.core.session.SessionId("session-00000000009"), alice.id(), app.clientId(), device.id(),
                dev.bulwark.core.app.Scopes.parse("openid"), now, now, now, "urn:bulwark:aal1", List.of("pwd"),
                Optional.empty(), Optional.empty(), Optional.of("thumbprint-1"), RefreshGeneration.first(now)));
        store.deviceAttestations().save(new dev.bulwark.core.device.DeviceAttestation("thumbprint-3", app.clientId(),
                integrity, now));
        store.deviceAttestations().save(new dev.bulwark.core.device.DeviceAttestation("thumbprint-4", app.clientId(),
                integrity, now.plusSeconds(3600)));
        assertThat(store.deviceAttestations().deleteUnused(now.plusSeconds(60))).as("only the unused old one")
                .isEqualTo(1);
        assertThat(store.deviceAttestations().find("thumbprint-1")).as("a live session is bound to it").isPresent();
        assertThat(store.deviceAttestations().find("thumbprint-3")).isEmpty();
        assertThat(store.deviceAttestations().find("thumbprint-4")).isPresent();
    }

    @Test
    void whenSigningKeysKeptThenOneActiveAndOneNextPerAlgorithmAndRotationPersists() {
        var clock = new dev.bulwark.core.testing.MovableClock(now);
        var ring = new dev.bulwark.core.token.KeyRing(store.signingKeys(),
                new dev.bulwark.core.crypto.AesGcmSealer(SecretBytes.copyOf(new byte[32]), new SecureRandom()),
                store.transactions(), new AuditTrail(store.auditLog(), chain, clock), clock,
                new dev.bulwark.core.token.KeyRingPolicy(Set.of(dev.bulwark.core.token.SigningAlgorithm.ES256,
                        dev.bulwark.core.token.SigningAlgorithm.RS256), java.time.Duration.ofHours(1),
                        java.time.Duration.ofDays(1), java.time.Duration.ofSeconds(30)),
                dev.bulwark.core.crypto.SignatureProvider.JDK);
        ring.ensureKeys();
        ring.ensureKeys();
        var first = store.signingKeys().list();
        assertThat(first).hasSize(4);
        var active = first.get(0);
        assertThatThrownBy(() -> store.signingKeys().insert(new dev.bulwark.core.token.SigningKey("another-kid-123",
                active.algorithm(), dev.bulwark.core.token.SigningKey.State.ACTIVE, active.publicJwk(),
                active.sealedPrivateJwk(), now, Optional.of(now), Optional.empty())))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));

        clock.advance(java.time.Duration.ofHours(2));
        ring.rotate(false, Actor.SYSTEM);

        var after = store.signingKeys().list();
        assertThat(after).hasSize(6);
        assertThat(after.stream().filter(k -> k.state() == dev.bulwark.core.token.SigningKey.State.RETIRED))
                .hasSize(2).allSatisfy(k -> assertThat(k.retiredAt()).contains(now.plus(java.time.Duration.ofHours(2))
                        .truncatedTo(ChronoUnit.MILLIS)));
        assertThat(after.get(0).sealedPrivateJwk()).isEqualTo(first.get(0).sealedPrivateJwk());
    }

    private User storedUser(String name) {
        User user = user(name, null);
        store.users().insert(user);
        return user;
    }

    @Test
    void whenSessionsAndDevicesStoredThenReadBackRevokedOnceAndTouchedForwardOnly() {
        User alice = storedUser("alice");
        var device = new dev.bulwark.core.session.Device(new dev.bulwark.core.session.DeviceId("device-0000000000001"),
                alice.id(), "install-1", Optional.of("Phone"), Optional.of("Pixel"), Optional.of("Android"),
                Optional.of("1.0"), now, now, Optional.of("10.0.0.1"));
        store.devices().insert(device);
        var session = new dev.bulwark.core.session.Session(new dev.bulwark.core.session.SessionId("session-00000000001"),
                alice.id(), new dev.bulwark.core.app.ClientId("shop-app"), device.id(),
                dev.bulwark.core.app.Scopes.parse("openid profile"), now, now, now, "urn:bulwark:aal1", List.of("pwd"),
                Optional.empty(), Optional.empty(), Optional.of("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"),
                RefreshGeneration.first(now));
        store.sessions().insert(session);
        legacyRefreshToken("digest-1", session.id().value());

        assertThat(store.devices().findByInstallation(alice.id(), "install-1")).contains(device);
        assertThat(store.sessions().find(session.id())).contains(session);
        store.sessions().touch(session.id(), now.plusSeconds(60));
        store.sessions().touch(session.id(), now.plusSeconds(30));
        assertThat(store.sessions().find(session.id()).orElseThrow().lastActiveAt()).isEqualTo(now.plusSeconds(60));
        assertThat(store.sessions().unrevokedOf(alice.id())).hasSize(1);
        assertThat(store.sessions().unrevokedOfClient(new dev.bulwark.core.app.ClientId("shop-app")))
                .containsExactly(store.sessions().find(session.id()).orElseThrow());
        assertThat(store.sessions().unrevokedOfClient(new dev.bulwark.core.app.ClientId("other-app"))).isEmpty();
        assertThat(store.sessions().advanceRefresh(session.id(), 0, now.plusSeconds(70))).isTrue();
        assertThat(store.sessions().advanceRefresh(session.id(), 0, now.plusSeconds(71))).as("compare-and-set")
                .isFalse();
        assertThat(store.sessions().advanceRefresh(session.id(), 1, now.plusSeconds(72))).isTrue();
        assertThat(store.sessions().find(session.id()).orElseThrow().refresh())
                .isEqualTo(new RefreshGeneration(2, now.plusSeconds(72)));
        assertThat(store.sessions().revoke(session.id(), now.plusSeconds(90),
                dev.bulwark.core.session.RevocationReason.SIGNED_OUT)).isTrue();
        assertThat(store.sessions().revoke(session.id(), now.plusSeconds(95),
                dev.bulwark.core.session.RevocationReason.ADMINISTRATOR)).isFalse();
        var revoked = store.sessions().find(session.id()).orElseThrow();
        assertThat(revoked.revokedAt()).contains(now.plusSeconds(90));
        assertThat(revoked.revocationReason()).contains(dev.bulwark.core.session.RevocationReason.SIGNED_OUT);
        assertThat(store.sessions().unrevokedOf(alice.id())).isEmpty();
        assertThat(store.sessions().unrevokedOfClient(new dev.bulwark.core.app.ClientId("shop-app"))).isEmpty();

        assertThat(store.legacyRefreshTokens().sessionOf("digest-1")).contains(session.id());
        assertThat(store.legacyRefreshTokens().sessionOf("digest-2")).isEmpty();

        store.users().delete(alice.id());
        assertThat(store.sessions().find(session.id())).isEmpty();
        assertThat(store.legacyRefreshTokens().sessionOf("digest-1")).as("gone with its session").isEmpty();
    }

    /** A refresh token from before V21, as the migration left it: the session's current one. */
    private void legacyRefreshToken(String digest, String sessionId) {
        ((JdbiTransactions) store.transactions()).write(handle -> handle.createUpdate("INSERT INTO refresh_tokens "
                        + "(digest, session_id, client_id, issued_at) VALUES (:digest, :session, 'shop-app', :at)")
                .bind("digest", digest).bind("session", sessionId).bind("at", now.toEpochMilli()).execute());
    }

    private dev.bulwark.core.session.Session storedSession(User user, String id, String client, Instant lastUsed) {
        var device = new dev.bulwark.core.session.Device(new dev.bulwark.core.session.DeviceId("device-" + id),
                user.id(), "install-" + id, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                now, now, Optional.empty());
        store.devices().insert(device);
        var session = new dev.bulwark.core.session.Session(new dev.bulwark.core.session.SessionId("session-" + id),
                user.id(), new dev.bulwark.core.app.ClientId(client), device.id(),
                dev.bulwark.core.app.Scopes.parse("openid"), lastUsed, lastUsed, lastUsed, "urn:bulwark:aal1",
                List.of("pwd"), Optional.empty(), Optional.empty(), Optional.empty(), RefreshGeneration.first(lastUsed));
        store.sessions().insert(session);
        return session;
    }

    @Test
    void whenSessionsInsertedInBulkThenEachReadsBackAsStored() {
        User alice = storedUser("alice");
        var first = storedSession(alice, "00000000000000first", "shop-app", now);
        List<dev.bulwark.core.session.Session> bulk = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            bulk.add(new dev.bulwark.core.session.Session(new dev.bulwark.core.session.SessionId("session-00000bulk0" + i),
                    alice.id(), new dev.bulwark.core.app.ClientId("shop-app"), first.deviceId(),
                    dev.bulwark.core.app.Scopes.parse("openid"), now, now.plusSeconds(i), now, "urn:bulwark:aal1",
                    List.of("pwd", "otp"), Optional.empty(), Optional.empty(), Optional.of("jkt-" + i),
                    new RefreshGeneration(i, now.plusSeconds(i))));
        }
        store.sessions().insertAll(bulk);

        for (var session : bulk) {
            assertThat(store.sessions().find(session.id())).contains(session);
        }
        assertThat(store.sessions().unrevokedOf(alice.id())).hasSize(4);
    }

    @Test
    void whenEndedSessionsAreSweptThenOnlyTheRevokedAndTheAppsUnusedGoAFewAtATime() {
        User alice = storedUser("alice");
        Instant old = now.minus(Duration.ofDays(40));
        var recent = storedSession(alice, "0000000000000recent", "shop-app", now);
        var unused = storedSession(alice, "0000000000000unused", "shop-app", old);
        var otherApp = storedSession(alice, "00000000000000other", "other-app", old);
        List<dev.bulwark.core.session.Session> revoked = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var session = storedSession(alice, "00000000000revoked" + i, "shop-app", now);
            store.sessions().revoke(session.id(), now.plusSeconds(i), dev.bulwark.core.session.RevocationReason.SIGNED_OUT);
            revoked.add(session);
        }
        legacyRefreshToken("digest-unused", unused.id().value());

        assertThat(store.sessions().deleteRevoked(now.plusSeconds(10), 2)).as("at most two").isEqualTo(2);
        assertThat(store.sessions().deleteRevoked(now.plusSeconds(10), 2)).isEqualTo(1);
        assertThat(store.sessions().deleteRevoked(now.plusSeconds(10), 2)).isZero();
        assertThat(store.sessions().deleteUnused(new dev.bulwark.core.app.ClientId("shop-app"),
                now.minus(Duration.ofDays(30)), 500)).isEqualTo(1);

        assertThat(revoked).allSatisfy(session -> assertThat(store.sessions().find(session.id())).isEmpty());
        assertThat(store.sessions().find(unused.id())).isEmpty();
        assertThat(store.legacyRefreshTokens().sessionOf("digest-unused")).isEmpty();
        assertThat(store.sessions().find(recent.id())).isPresent();
        assertThat(store.sessions().find(otherApp.id())).as("another app's, judged by its own policy").isPresent();
        assertThat(store.devices().of(alice.id())).as("devices stay: the user's list of them").hasSize(6);
    }

    @Test
    void whenSecondFactorsStoredThenCodesAreUsedOnceAndAnEnrolmentIsConfirmedOnce() {
        User alice = storedUser("alice");
        var totp = new dev.bulwark.core.mfa.TotpFactor("totp-1", alice.id(), new byte[] {1, 2, 3},
                dev.bulwark.core.mfa.Totp.DEFAULT, now, Optional.empty(), Optional.empty());
        store.totps().insert(totp);
        assertThat(store.totps().of(alice.id())).containsExactly(totp);
        assertThat(store.totps().use("totp-1", 10)).as("unconfirmed factors take no codes").isFalse();
        assertThat(store.totps().confirm("totp-1", now.plusSeconds(5), 10)).isTrue();
        assertThat(store.totps().confirm("totp-1", now.plusSeconds(6), 11)).isFalse();
        assertThat(store.totps().use("totp-1", 10)).as("the confirming code is spent").isFalse();
        assertThat(store.totps().use("totp-1", 11)).isTrue();
        assertThat(store.totps().use("totp-1", 11)).isFalse();
        assertThat(store.totps().use("totp-1", 9)).isFalse();
        var stored = store.totps().of(alice.id()).get(0);
        assertThat(stored.confirmedAt()).contains(now.plusSeconds(5));
        assertThat(stored.lastStep()).contains(11L);
        assertThat(stored.sealedSeed()).containsExactly(1, 2, 3);

        store.totps().insert(new dev.bulwark.core.mfa.TotpFactor("totp-2", alice.id(), new byte[] {4},
                dev.bulwark.core.mfa.Totp.DEFAULT, now.plusSeconds(10), Optional.empty(), Optional.empty()));
        store.totps().deleteUnconfirmed(alice.id());
        assertThat(store.totps().of(alice.id())).extracting(dev.bulwark.core.mfa.TotpFactor::id)
                .containsExactly("totp-1");
        assertThat(store.totps().delete(storedUser("bob").id(), "totp-1")).isFalse();
        assertThat(store.totps().delete(alice.id(), "totp-1")).isTrue();
        assertThat(store.totps().of(alice.id())).isEmpty();

        store.recoveryCodes().replace(alice.id(), List.of("d1", "d2", "d3"), now);
        assertThat(store.recoveryCodes().remaining(alice.id())).isEqualTo(3);
        assertThat(store.recoveryCodes().use(alice.id(), "d2", now)).isTrue();
        assertThat(store.recoveryCodes().use(alice.id(), "d2", now)).isFalse();
        assertThat(store.recoveryCodes().remaining(alice.id())).isEqualTo(2);
        store.recoveryCodes().replace(alice.id(), List.of("d4"), now);
        assertThat(store.recoveryCodes().use(alice.id(), "d1", now)).as("the old set is void").isFalse();
        assertThat(store.recoveryCodes().remaining(alice.id())).isEqualTo(1);
        store.users().delete(alice.id());
        assertThat(store.recoveryCodes().remaining(alice.id())).isZero();
    }

    @Test
    void whenFactorsEnrolledThenTheirKindsAreFoundInOneLookup() {
        User alice = storedUser("alice");
        User bob = storedUser("bob");
        var kinds = store.enrolledFactors();
        assertThat(kinds.kindsOf(alice.id())).isEmpty();

        store.totps().insert(new dev.bulwark.core.mfa.TotpFactor("totp-1", alice.id(), new byte[] {1},
                dev.bulwark.core.mfa.Totp.DEFAULT, now, Optional.empty(), Optional.empty()));
        assertThat(kinds.kindsOf(alice.id())).as("an unconfirmed authenticator is no factor yet").isEmpty();
        store.totps().confirm("totp-1", now, 10);
        assertThat(kinds.kindsOf(alice.id())).containsExactly(FactorKind.TOTP);

        store.recoveryCodes().replace(alice.id(), List.of("d1"), now);
        store.deviceKeys().insert(new dev.bulwark.core.mfa.DeviceKey("dk-1", alice.id(), Optional.empty(), "Pixel",
                "{\"kty\":\"EC\"}", dev.bulwark.core.mfa.KeyProtection.UNVERIFIED, now, Optional.empty()));
        store.passkeys().insert(new dev.bulwark.core.mfa.Passkey("pk-1", alice.id(), "Laptop", new byte[] {1, 2},
                0, false, false, List.of(), "none", now, Optional.empty()));
        assertThat(kinds.kindsOf(alice.id())).containsExactlyInAnyOrder(FactorKind.TOTP, FactorKind.RECOVERY_CODE,
                FactorKind.DEVICE_KEY, FactorKind.PASSKEY);
        assertThat(kinds.kindsOf(bob.id())).as("another user's factors are not his").isEmpty();

        store.recoveryCodes().use(alice.id(), "d1", now);
        store.totps().delete(alice.id(), "totp-1");
        assertThat(kinds.kindsOf(alice.id())).as("no recovery code left, no authenticator")
                .containsExactlyInAnyOrder(FactorKind.DEVICE_KEY, FactorKind.PASSKEY);
    }

    @Test
    void whenSentCodesAndDeviceKeyChallengesStoredThenEachIsUsedOnce() {
        User alice = storedUser("alice");
        var code = new dev.bulwark.core.mfa.OneTimeCode("attempt-1:email",
                dev.bulwark.core.mfa.OneTimeCode.Purpose.SIGN_IN, alice.id(), "mac-1", now, now.plusSeconds(600), 1, 0,
                Optional.empty());
        store.oneTimeCodes().save(code);
        assertThat(store.oneTimeCodes().find("attempt-1:email")).contains(code);
        assertThat(store.oneTimeCodes().fail("attempt-1:email")).isEqualTo(1);
        assertThat(store.oneTimeCodes().fail("attempt-1:email")).isEqualTo(2);
        assertThat(store.oneTimeCodes().use("attempt-1:email", "other-mac", now)).isFalse();
        assertThat(store.oneTimeCodes().use("attempt-1:email", "mac-1", now)).isTrue();
        assertThat(store.oneTimeCodes().use("attempt-1:email", "mac-1", now)).isFalse();
        store.oneTimeCodes().save(new dev.bulwark.core.mfa.OneTimeCode("attempt-1:email",
                dev.bulwark.core.mfa.OneTimeCode.Purpose.SIGN_IN, alice.id(), "mac-2", now, now.plusSeconds(600), 2, 0,
                Optional.empty()));
        assertThat(store.oneTimeCodes().find("attempt-1:email").orElseThrow().sends()).as("replaced").isEqualTo(2);
        store.oneTimeCodes().deleteExpired(now.plusSeconds(601));
        assertThat(store.oneTimeCodes().find("attempt-1:email")).isEmpty();

        var key = new dev.bulwark.core.mfa.DeviceKey("dk-1", alice.id(), Optional.empty(), "Pixel",
                "{\"kty\":\"EC\"}", dev.bulwark.core.mfa.KeyProtection.UNVERIFIED, now, Optional.empty());
        store.deviceKeys().insert(key);
        assertThat(store.deviceKeys().of(alice.id())).containsExactly(key);
        store.deviceKeys().saveChallenge(new dev.bulwark.core.mfa.DeviceKeyRepository.Challenge("attempt-2", "dk-1",
                "c-1", now.plusSeconds(120)));
        store.deviceKeys().saveChallenge(new dev.bulwark.core.mfa.DeviceKeyRepository.Challenge("attempt-2", "dk-1",
                "c-2", now.plusSeconds(120)));
        assertThat(store.deviceKeys().takeChallenge("attempt-2").orElseThrow().value()).isEqualTo("c-2");
        assertThat(store.deviceKeys().takeChallenge("attempt-2")).isEmpty();
        store.deviceKeys().touch("dk-1", now.plusSeconds(5));
        assertThat(store.deviceKeys().find("dk-1").orElseThrow().lastUsedAt()).contains(now.plusSeconds(5));
        assertThat(store.deviceKeys().delete(storedUser("bob").id(), "dk-1")).isFalse();
        assertThat(store.deviceKeys().delete(alice.id(), "dk-1")).isTrue();
        assertThat(store.deviceKeys().find("dk-1")).isEmpty();
    }

    @Test
    void whenCodesAndAuthSessionsStoredThenUsedOnceAndExpiredOnesDeleted() {
        User alice = storedUser("alice");
        var code = new dev.bulwark.core.oauth.AuthorizationCode("code-digest", new dev.bulwark.core.app.ClientId("shop-app"),
                alice.id(), Optional.of("com.example.app:/cb"), "c".repeat(43), dev.bulwark.core.app.Scopes.parse("openid"),
                Optional.of("n-0S6_WzA2Mj"), now, "urn:bulwark:aal1", List.of("pwd"), Optional.of("attested-thumbprint"),
                now.plusSeconds(60),
                Optional.empty(), Optional.empty());
        store.authorizationCodes().insert(code);
        var sid = new dev.bulwark.core.session.SessionId("session-00000000002");

        assertThat(store.authorizationCodes().find("code-digest")).contains(code);
        assertThat(store.authorizationCodes().markUsed("code-digest", now, sid)).isTrue();
        assertThat(store.authorizationCodes().markUsed("code-digest", now, sid)).isFalse();
        assertThat(store.authorizationCodes().find("code-digest").orElseThrow().sessionId()).contains(sid);
        store.authorizationCodes().deleteExpired(now.plusSeconds(61));
        assertThat(store.authorizationCodes().find("code-digest")).isEmpty();

        var authSession = new dev.bulwark.core.oauth.AuthSession("auth-digest", new dev.bulwark.core.app.ClientId("shop-app"),
                dev.bulwark.core.app.Scopes.parse("openid"), "c".repeat(43), Optional.of(alice.id()), Optional.of(now),
                List.of("pwd"), Set.of(dev.bulwark.core.oauth.AuthSession.Requirement.PASSWORD_CHANGE), 2,
                Optional.of("attested-key-thumbprint"), now,
                now.plusSeconds(600));
        store.authSessions().insert(authSession);
        assertThat(store.authSessions().find("auth-digest")).contains(authSession);
        store.authSessions().deleteExpired(now.plusSeconds(601));
        assertThat(store.authSessions().find("auth-digest")).isEmpty();

        store.authSessions().insert(authSession);
        assertThat(store.authSessions().delete("auth-digest")).isTrue();
        assertThat(store.authSessions().delete("auth-digest")).isFalse(); // spent once: the second finds nothing
        assertThat(store.authSessions().find("auth-digest")).isEmpty();
    }

    @Test
    void whenConsentsStoredThenOnePerUserAndAppReplacedByTheLatestAndGoneWithTheApp() {
        var alice = user("consenting-alice", null);
        store.users().insert(alice);
        var partner = dev.bulwark.core.testing.TestApps.nativeAppBuilder("partner").firstParty(false)
                .scopes(dev.bulwark.core.app.Scopes.parse("openid profile")).build();
        store.apps().insert(new dev.bulwark.core.app.App(partner, Optional.empty(), now, now));
        var client = partner.clientId();
        var first = new dev.bulwark.core.oauth.Consent(alice.id(), client,
                dev.bulwark.core.app.Scopes.parse("openid"), now);
        var wider = new dev.bulwark.core.oauth.Consent(alice.id(), client,
                dev.bulwark.core.app.Scopes.parse("openid profile"), now.plusSeconds(5));

        assertThat(store.consents().find(alice.id(), client)).isEmpty();
        store.consents().save(first);
        store.consents().save(wider);
        assertThat(store.consents().find(alice.id(), client)).contains(wider);
        assertThat(store.consents().of(alice.id())).containsExactly(wider);
        assertThat(store.consents().delete(alice.id(), client)).isTrue();
        assertThat(store.consents().delete(alice.id(), client)).isFalse();

        store.consents().save(first);
        store.apps().delete(client);
        assertThat(store.consents().of(alice.id())).as("gone with the app").isEmpty();
    }

    @Test
    void whenRevocationsAndReplaysRecordedThenFeedOrderedAndEachKeyUsedOnce() {
        store.revocations().append(dev.bulwark.core.session.RevocationFeed.Entry.Kind.SESSION, "sid-1", now,
                now.plusSeconds(3600));
        store.revocations().append(dev.bulwark.core.session.RevocationFeed.Entry.Kind.TOKEN, "jti-1", now,
                now.plusSeconds(60));
        var entries = store.revocations().after(0, 10);

        assertThat(entries).extracting(e -> e.id()).containsExactly("sid-1", "jti-1");
        assertThat(store.revocations().after(entries.get(0).sequence(), 10)).hasSize(1);
        assertThat(store.revocations().tokenRevoked("jti-1")).isTrue();
        assertThat(store.revocations().tokenRevoked("sid-1")).isFalse();
        store.revocations().prune(now.plusSeconds(120));
        assertThat(store.revocations().after(0, 10)).extracting(e -> e.id()).containsExactly("sid-1");

        assertThat(store.replayCache().firstUse("jti-a", now, now.plusSeconds(60))).isTrue();
        assertThat(store.replayCache().firstUse("jti-a", now.plusSeconds(30), now.plusSeconds(60))).isFalse();
        assertThat(store.replayCache().firstUse("jti-a", now.plusSeconds(61), now.plusSeconds(120)))
                .as("forgotten once expired").isTrue();
    }

    @Test
    void whenFailuresCountedThenEachAddsOneUntilTheWindowRestartsAndClearForgets() {
        var throttles = store.throttles();
        Instant window = now.minusSeconds(900);

        Instant later = now.plusSeconds(900);
        assertThat(throttles.find("user:a")).isEmpty();
        assertThat(throttles.recordFailure("user:a", now, window, later).failures()).isEqualTo(1);
        assertThat(throttles.recordFailure("user:a", now.plusSeconds(1), window, later).failures()).isEqualTo(2);
        assertThat(throttles.find("user:a").orElseThrow().lastFailureAt()).isEqualTo(now.plusSeconds(1));
        assertThat(throttles.recordFailure("user:a", now.plusSeconds(2000), now.plusSeconds(1000), later).failures())
                .as("the latest failure was before the window: counting restarts").isEqualTo(1);
        assertThat(throttles.recordFailure("address:b", now, window, now.plusSeconds(10)).failures()).isEqualTo(1);
        assertThat(throttles.findAll(java.util.List.of("user:a", "address:b", "user:none")))
                .containsOnlyKeys("user:a", "address:b");

        assertThat(throttles.clear("user:a")).isTrue();
        assertThat(throttles.clear("user:a")).isFalse();
        throttles.recordFailure("factor:c", now, Instant.EPOCH, now.plusSeconds(3600));
        throttles.deleteForgotten(now.plusSeconds(11));
        assertThat(throttles.find("address:b")).as("its time to be forgotten has come").isEmpty();
        assertThat(throttles.find("factor:c")).as("not yet").isPresent();
        throttles.recordFailure("factor:c", now.plusSeconds(3000), Instant.EPOCH, now.plusSeconds(7200));
        throttles.deleteForgotten(now.plusSeconds(3601));
        assertThat(throttles.find("factor:c")).as("each failure puts the forgetting off").isPresent();
        throttles.deleteForgotten(now.plusSeconds(7201));
        assertThat(throttles.find("factor:c")).isEmpty();
    }

    @Test
    void whenFailuresCountedConcurrentlyThenNoneIsLost() throws Exception {
        int threads = 4;
        int each = 25;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        store.throttles().recordFailure("user:busy", now, now.minusSeconds(900),
                                now.plusSeconds(900));
                    }
                }));
            }
            for (var future : futures) {
                future.get();
            }
        }
        assertThat(store.throttles().find("user:busy").orElseThrow().failures()).isEqualTo(threads * each);
    }

    @Test
    void whenTransactionFailsThenNothingItWroteRemains() {
        User alice = user("alice", null);
        var trail = new AuditTrail(store.auditLog(), chain, Clock.systemUTC());

        assertThatThrownBy(() -> store.transactions().run(() -> {
            store.users().insert(alice);
            trail.record(new UserDisabled(alice.id()), Actor.SYSTEM);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(store.users().findById(alice.id())).isEmpty();
        assertThat(store.auditLog().latest(10)).isEmpty();
    }

    @Test
    void whenServiceCreatesDuplicateThenConflictAndNoAuditOrCredentialLeftBehind() {
        UserAccounts accounts = accounts();
        accounts.create(NewUser.named(Username.of("alice")), Optional.of(Password.of(GOOD)), false, Actor.SYSTEM);
        int auditBefore = store.auditLog().latest(100).size();

        assertThatThrownBy(() -> accounts.create(NewUser.named(Username.of("ALICE")), Optional.of(Password.of(GOOD)),
                false, Actor.SYSTEM)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));

        assertThat(store.auditLog().latest(100)).hasSize(auditBefore);
        assertThat(store.users().list(0, 10)).hasSize(1);
    }

    @Test
    void whenServicesRunOnThisStoreThenPasswordLifecycleWorks() {
        UserAccounts accounts = accounts();
        var authentication = new PasswordAuthentication(store.users(), store.passwordCredentials(), hasher,
                PasswordPolicy.DEFAULT, new AuditTrail(store.auditLog(), chain, Clock.systemUTC()),
                store.transactions(), Clock.systemUTC(), new SecureRandom(),
                new dev.bulwark.core.protection.CredentialGuard(store.throttles(),
                        dev.bulwark.core.protection.CredentialGuard.Policies.DEFAULT,
                        new AuditTrail(store.auditLog(), chain, Clock.systemUTC()), Clock.systemUTC()));
        User admin = accounts.createBootstrapAdministrator(Username.of("admin"), Password.of(GOOD)).orElseThrow();

        assertThat(authentication.verify("admin", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS).outcome().name())
                .isEqualTo("CHANGE_REQUIRED");
        accounts.changePassword(admin.id(), Password.of(GOOD), Password.of("quiet lanterns drift past copper hills"),
                Optional.empty(), Actor.user(admin.id()));
        assertThat(authentication.verify("ADMIN", Password.of("quiet lanterns drift past copper hills"),
                java.util.Optional.empty(), Actor.ANONYMOUS).outcome().name()).isEqualTo("VERIFIED");
        assertThat(authentication.verify("admin", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS).signInAllowed()).isFalse();
        assertThat(new AuditVerifier(store.auditLog(), chain).verify().intact()).isTrue();
    }
}
