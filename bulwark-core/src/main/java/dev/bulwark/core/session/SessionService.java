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
import dev.bulwark.core.crypto.SecretBytes;
import dev.bulwark.core.crypto.TokenDigest;
import dev.bulwark.core.identity.SessionTermination;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.notify.AccountNotices;
import dev.bulwark.core.notify.MessageTexts;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sessions, the devices they run on, and their refresh tokens. Refresh tokens rotate on every use; a superseded
 * token that comes back ends the session (RFC 9700 §4.14.2), except within the app's short retry leeway, when the
 * same successor is handed back: a phone that lost the response on a bad network retries without being signed out.
 * The successor is derived from the token it replaces with a keyed MAC, so it can be handed back without ever
 * storing a refresh token.
 */
public final class SessionService implements SessionTermination, AppSessionTermination {
    private static final int REFRESH_TOKEN_BYTES = 32;
    /**
     * How finely a session's last use and its device's last sighting are recorded: a phone refreshing every few
     * seconds does not rewrite them each time. The idle timeout is therefore exact to within this much.
     */
    static final Duration ACTIVITY_GRANULARITY = Duration.ofMinutes(1);
    private static final byte[] SUCCESSOR_LABEL = "bulwark refresh successor v1:".getBytes(StandardCharsets.US_ASCII);

    private final SessionRepository sessions;
    private final DeviceRepository devices;
    private final RefreshTokenRepository refreshTokens;
    private final RevocationFeed feed;
    private final BrowserSessionRepository browserSessions;
    private final AuditTrail audit;
    private final Transactions transactions;
    private final Clock clock;
    private final SecureRandom random;
    private final SecretKeySpec successorKey;
    private final AccountNotices notices;

    public SessionService(SessionRepository sessions, DeviceRepository devices, RefreshTokenRepository refreshTokens,
                          RevocationFeed feed, BrowserSessionRepository browserSessions, AuditTrail audit,
                          Transactions transactions, Clock clock, SecureRandom random, SecretBytes successorKey,
                          AccountNotices notices) {
        this.notices = notices;
        this.sessions = sessions;
        this.devices = devices;
        this.refreshTokens = refreshTokens;
        this.feed = feed;
        this.browserSessions = browserSessions;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.random = random;
        this.successorKey = new SecretKeySpec(successorKey.reveal(), "HmacSHA256");
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
                signIn.dpopJkt());
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

    /** Issues the first refresh token of a session (within the caller's transaction). */
    public String firstRefreshToken(Session session) {
        String token = TokenDigest.newSecret(random, REFRESH_TOKEN_BYTES);
        refreshTokens.insert(new RefreshToken(TokenDigest.of(token), session.id(), session.clientId(), clock.instant(),
                Optional.empty()));
        return token;
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
     * @throws DomainException {@code invalid_grant} for an unknown or foreign token, an ended session, or a reused token
     */
    /**
     * @param presentedJkt the thumbprint of the DPoP proof's key, if the request carried one: a session bound to a
     *                     key refreshes only with a proof by that key, checked before anything rotates
     */
    public Refreshed refresh(App client, String presented, Optional<String> clientIp, Optional<String> presentedJkt) {
        String digest = TokenDigest.of(presented);
        RefreshToken token = refreshTokens.find(digest).orElseThrow(() -> invalidGrant("The refresh token is not valid."));
        if (!token.clientId().equals(client.clientId())) {
            throw invalidGrant("The refresh token was issued to another client.");
        }
        Session session = sessions.find(token.sessionId()).orElseThrow(() -> invalidGrant("The session has ended."));
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
        String successor = successorOf(presented);
        if (token.supersededAt().isPresent()) {
            return retryOrReuse(client, session, token, successor, now);
        }
        Optional<Refreshed> rotated = transactions.inTransaction(() -> {
            if (!refreshTokens.supersede(digest, now)) {
                return Optional.<Refreshed>empty();
            }
            refreshTokens.insert(new RefreshToken(TokenDigest.of(successor), session.id(), client.clientId(), now,
                    Optional.empty()));
            if (!session.lastActiveAt().plus(ACTIVITY_GRANULARITY).isAfter(now)) {
                sessions.touch(session.id(), now);
                devices.find(session.deviceId()).ifPresent(d -> devices.update(d.seen(DeviceInfo.NONE, now, clientIp)));
            }
            return Optional.of(new Refreshed(session, successor));
        });
        if (rotated.isPresent()) {
            return rotated.get();
        }
        // Another request with the same token won the race: treat this one as a retry of that exchange.
        RefreshToken raced = refreshTokens.find(digest).orElseThrow(() -> invalidGrant("The refresh token is not valid."));
        return retryOrReuse(client, session, raced, successor, now);
    }

    private Refreshed retryOrReuse(App client, Session session, RefreshToken token, String successor, Instant now) {
        TokenPolicy policy = client.definition().tokens();
        Optional<RefreshToken> next = refreshTokens.find(TokenDigest.of(successor));
        boolean withinLeeway = token.supersededAt().map(at -> at.plus(policy.refreshRetryLeeway()).isAfter(now))
                .orElse(false);
        if (withinLeeway && next.isPresent() && next.get().supersededAt().isEmpty()) {
            return new Refreshed(session, successor);
        }
        transactions.run(() -> {
            revoke(session, RevocationReason.REFRESH_TOKEN_REUSED, Actor.ANONYMOUS);
            audit.record(new RefreshTokenReused(session.userId(), session.id(), client.clientId()), Actor.ANONYMOUS);
        });
        throw invalidGrant("The refresh token was already used; the session has been ended to be safe.");
    }

    /** The successor of a refresh token: HMAC-SHA256 under a key derived from the master key, base64url. */
    private String successorOf(String presented) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(successorKey);
            mac.update(SUCCESSOR_LABEL);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(presented.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
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
