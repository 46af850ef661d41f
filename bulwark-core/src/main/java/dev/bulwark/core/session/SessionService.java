package dev.bulwark.core.session;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.Transactions;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.AppSessionTermination;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.app.TokenPolicy;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvents.DpopBindingRefused;
import dev.bulwark.core.audit.AuditEvents.RefreshTokenReused;
import dev.bulwark.core.audit.AuditEvents.SessionRevoked;
import dev.bulwark.core.audit.AuditEvents.SessionStarted;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.crypto.TokenDigest;
import dev.bulwark.core.identity.SessionTermination;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.notify.AccountNotices;
import dev.bulwark.core.notify.MessageTexts;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Sessions, the devices they run on, and their refresh tokens. Refresh tokens rotate on every use; a superseded
 * token that comes back ends the session (RFC 9700 §4.14.2), except within the app's short retry leeway, when the
 * same successor is handed back: a phone that lost the response on a bad network retries without being signed out.
 * A token names its session and generation under a MAC ({@link RefreshTokenFormat}), so no token is ever stored and
 * a refresh writes no row: the session's generation moves on. Ended sessions are swept ({@link #sweep}), so the
 * database grows with users and their sessions, not with refreshes.
 */
public final class SessionService implements SessionTermination, AppSessionTermination {
    /** How many ended sessions one statement of a sweep deletes: few enough that no writer waits long. */
    static final int SWEEP_BATCH = 500;
    /**
     * How finely a session's last use and its device's last sighting are recorded: a phone refreshing every few
     * seconds does not rewrite them each time. The idle timeout is therefore exact to within this much.
     */
    static final Duration ACTIVITY_GRANULARITY = Duration.ofMinutes(1);

    private final SessionRepository sessions;
    private final DeviceRepository devices;
    private final RefreshTokenFormat refreshTokens;
    private final LegacyRefreshTokens legacyRefreshTokens;
    private final RevocationFeed feed;
    private final BrowserSessionRepository browserSessions;
    private final AuditTrail audit;
    private final Transactions transactions;
    private final Clock clock;
    private final SecureRandom random;
    private final AccountNotices notices;

    public SessionService(SessionRepository sessions, DeviceRepository devices, RefreshTokenFormat refreshTokens,
                          LegacyRefreshTokens legacyRefreshTokens, RevocationFeed feed,
                          BrowserSessionRepository browserSessions, AuditTrail audit, Transactions transactions,
                          Clock clock, SecureRandom random, AccountNotices notices) {
        this.notices = notices;
        this.sessions = sessions;
        this.devices = devices;
        this.refreshTokens = refreshTokens;
        this.legacyRefreshTokens = legacyRefreshTokens;
        this.feed = feed;
        this.browserSessions = browserSessions;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.random = random;
    }

    /** What a sign-in established, to start a session with. */
    public record SignIn(UserId user, Scopes scopes, Instant authTime, String acr, List<String> amr, DeviceInfo device,
                         Optional<String> clientIp, Optional<String> dpopJkt) {
    }

    /** Starts a session (within the caller's transaction), recording or updating the device. */
    public Session start(App app, SignIn signIn) {
        Instant now = clock.instant();
        Device device = device(signIn.user(), signIn.device(), signIn.clientIp(), now);
        var session = new Session(SessionId.random(random), signIn.user(), app.clientId(), device.id(), signIn.scopes(), now,
                now, signIn.authTime(), signIn.acr(), signIn.amr(), Optional.empty(), Optional.empty(),
                signIn.dpopJkt(), RefreshGeneration.first(now));
        sessions.insert(session);
        audit.record(new SessionStarted(signIn.user(), session.id(), app.clientId(), device.id()), Actor.user(signIn.user()));
        return session;
    }

    private Device device(UserId user, DeviceInfo info, Optional<String> ip, Instant now) {
        Optional<Device> known = info.installationId().flatMap(id -> devices.findByInstallation(user, id));
        if (known.isPresent()) {
            Device seen = known.get().seen(info, now, ip);
            devices.update(seen);
            return seen;
        }
        if (!devices.of(user).isEmpty()) {
            notices.send(user, MessageTexts.Notice.NEW_DEVICE); // not on the very first sign-in: that is no news
        }
        var created = new Device(DeviceId.random(random), user,
                info.installationId().orElseGet(() -> "generated-" + TokenDigest.newSecret(random, 12)), info.name(),
                info.model(), info.os(), info.appVersion(), now, now, ip);
        devices.insert(created);
        return created;
    }

    /** The refresh token of a session that has just started: its generation 0, which nothing needs to store. */
    public String firstRefreshToken(Session session) {
        return refreshTokens.issue(session.id(), session.refresh().number());
    }

    /** A refresh: the session it continues and the refresh token to use next. The token never prints. */
    public record Refreshed(Session session, String refreshToken) {
        @Override
        public String toString() {
            return "Refreshed[" + session.id() + ", redacted]";
        }
    }

    /**
     * Rotates a refresh token, in the order RFC 6749 §6 and RFC 9700 §4.14 call for.
     *
     * @param presentedJkt the thumbprint of the DPoP proof's key, if the request carried one: a session bound to a
     *                     key refreshes only with a proof by that key, checked before anything rotates
     * @throws DomainException {@code invalid_grant} for an unknown or foreign token, an ended session, or a reused
     *                         token
     */
    public Refreshed refresh(App client, String presented, Optional<String> clientIp, Optional<String> presentedJkt) {
        RefreshTokenFormat.Named named = read(presented)
                .orElseThrow(() -> invalidGrant("The refresh token is not valid."));
        Session session = sessions.find(named.session()).orElseThrow(() -> invalidGrant("The session has ended."));
        if (!session.clientId().equals(client.clientId())) {
            throw invalidGrant("The refresh token was issued to another client.");
        }
        Instant now = clock.instant();
        if (!session.activeAt(now, client.definition().sessions())) {
            throw invalidGrant("The session has ended.");
        }
        if (session.dpopJkt().isPresent() && !session.dpopJkt().equals(presentedJkt)) {
            audit.record(new DpopBindingRefused(Optional.of(session.userId()), client.clientId()), Actor.ANONYMOUS);
            throw new DomainException(ErrorCode.INVALID_DPOP_PROOF, presentedJkt.isEmpty()
                    ? "This refresh token is bound to a DPoP key: send a DPoP proof made with it."
                    : "The DPoP proof was made with another key than the one this refresh token is bound to.");
        }
        long generation = named.generation();
        if (generation > session.refresh().number()) {
            // Only a database restored from an older backup is behind its tokens: neither the token nor the database
            // can say which token of the family is the newest, so the holder signs in again.
            throw invalidGrant("The refresh token is not valid.");
        }
        if (generation < session.refresh().number()) {
            return retryOrReuse(client, session, generation, now);
        }
        boolean advanced = transactions.inTransaction(() -> {
            if (!sessions.advanceRefresh(session.id(), generation, now)) {
                return false;
            }
            if (!session.lastActiveAt().plus(ACTIVITY_GRANULARITY).isAfter(now)) {
                sessions.touch(session.id(), now);
                devices.find(session.deviceId()).ifPresent(d -> devices.update(d.seen(DeviceInfo.NONE, now, clientIp)));
            }
            return true;
        });
        if (advanced) {
            return new Refreshed(session, refreshTokens.issue(session.id(), generation + 1));
        }
        // Another request with the same token won the race: treat this one as a retry of that exchange.
        Session raced = sessions.find(session.id()).orElseThrow(() -> invalidGrant("The session has ended."));
        return retryOrReuse(client, raced, generation, now);
    }

    /**
     * A superseded token: the one just replaced, within the leeway, gets its successor again (the phone lost the
     * response); anything else is a replay, and the session ends.
     */
    private Refreshed retryOrReuse(App client, Session session, long presented, Instant now) {
        RefreshGeneration current = session.refresh();
        boolean lostResponse = presented == current.number() - 1
                && current.issuedAt().plus(client.definition().tokens().refreshRetryLeeway()).isAfter(now);
        if (lostResponse) {
            return new Refreshed(session, refreshTokens.issue(session.id(), current.number()));
        }
        transactions.run(() -> {
            revoke(session, RevocationReason.REFRESH_TOKEN_REUSED, Actor.ANONYMOUS);
            audit.record(new RefreshTokenReused(session.userId(), session.id(), client.clientId()), Actor.ANONYMOUS);
        });
        throw invalidGrant("The refresh token was already used; the session has been ended to be safe.");
    }

    /** A refresh token of either form: named by itself, or a token from before that form ({@link LegacyRefreshTokens}). */
    private Optional<RefreshTokenFormat.Named> read(String token) {
        return refreshTokens.read(token).or(() -> legacyRefreshTokens.sessionOf(TokenDigest.of(token))
                .map(session -> new RefreshTokenFormat.Named(session, 0)));
    }

    /** The session a genuine refresh token belongs to, and whether it is that session's current token. */
    public record Family(Session session, boolean current) {
    }

    /** The family of a refresh token, whatever its generation; empty for anything that is not one of ours. */
    public Optional<Family> familyOf(String refreshToken) {
        return read(refreshToken).flatMap(named -> sessions.find(named.session())
                .map(session -> new Family(session, named.generation() == session.refresh().number())));
    }

    /**
     * Deletes the sessions that have ended: those revoked, and those unused for longer than their app now allows
     * (its idle timeout or its lifetime, whichever is shorter: a session unused for that long has passed one of
     * them). A few hundred rows at a time, so that the database's writer is never held for long.
     *
     * @param apps every registered app; sessions of deleted apps were revoked with them
     * @return how many sessions were deleted
     */
    public int sweep(List<App> apps) {
        Instant now = clock.instant();
        int deleted = inBatches(() -> sessions.deleteRevoked(now, SWEEP_BATCH));
        for (App app : apps) {
            var policy = app.definition().sessions();
            Duration longestUnused = policy.idleTimeout().compareTo(policy.absoluteLifetime()) < 0
                    ? policy.idleTimeout() : policy.absoluteLifetime();
            Instant before = now.minus(longestUnused);
            deleted += inBatches(() -> sessions.deleteUnused(app.clientId(), before, SWEEP_BATCH));
        }
        return deleted;
    }

    private static int inBatches(IntSupplier batch) {
        int total = 0;
        int deleted;
        do {
            deleted = batch.getAsInt();
            total += deleted;
        } while (deleted == SWEEP_BATCH);
        return total;
    }

    public Optional<Session> find(SessionId id) {
        return sessions.find(id);
    }

    /** Whether the session exists, is not revoked, and has neither idled out nor reached its lifetime. */
    public boolean active(SessionId id, App app) {
        return sessions.find(id).map(s -> s.activeAt(clock.instant(), app.definition().sessions())).orElse(false);
    }

    /**
     * Ends a session now: its refresh tokens stop working at once, and its id goes into the revocation feed
     * until every access token issued for it has expired.
     */
    public boolean revoke(Session session, RevocationReason reason, Actor actor) {
        return transactions.inTransaction(() -> {
            Instant now = clock.instant();
            if (!sessions.revoke(session.id(), now, reason)) {
                return false;
            }
            feed.append(RevocationFeed.Entry.Kind.SESSION, session.id().value(), now,
                    now.plus(TokenPolicy.LONGEST_ACCESS_TOKEN));
            audit.record(new SessionRevoked(session.userId(), session.id(), reason), actor);
            return true;
        });
    }

    /** The user's sessions that have not been revoked (some may have idled out), newest first. */
    public List<Session> sessionsOf(UserId user) {
        return sessions.unrevokedOf(user);
    }

    public List<Device> devicesOf(UserId user) {
        return devices.of(user);
    }

    /** Ends the user's single sign-on in browsers, so that no hosted page signs them in silently any more. */
    public void endBrowserSessions(UserId user) {
        browserSessions.deleteAllOf(user);
    }

    @Override
    public int endSessions(UserId user, Optional<String> keep, Reason reason, Actor actor) {
        RevocationReason why = switch (reason) {
            case PASSWORD_CHANGED -> RevocationReason.PASSWORD_CHANGED;
            case USER_DISABLED, USER_DELETED -> RevocationReason.USER_DISABLED;
        };
        return transactions.inTransaction(() -> {
            browserSessions.deleteAllOf(user); // the hosted pages' single sign-on ends too
            return (int) sessions.unrevokedOf(user).stream()
                    .filter(s -> keep.map(id -> !id.equals(s.id().value())).orElse(true))
                    .filter(s -> revoke(s, why, actor))
                    .count();
        });
    }

    @Override
    public int endSessionsOf(ClientId client, Actor actor) {
        return transactions.inTransaction(() -> (int) sessions.unrevokedOfClient(client).stream()
                .filter(s -> revoke(s, RevocationReason.APP_DELETED, actor))
                .count());
    }

    private static DomainException invalidGrant(String message) {
        return new DomainException(ErrorCode.INVALID_GRANT, message);
    }
}
