package dev.bulwark.core.account;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.AppRepository;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.audit.AuditEvents.ConsentRevoked;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.oauth.Consent;
import dev.bulwark.core.oauth.ConsentRepository;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.UserAccounts;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.protection.CredentialGuard;
import dev.bulwark.core.protection.ThrottleKey;
import dev.bulwark.core.session.Device;
import dev.bulwark.core.session.DeviceId;
import dev.bulwark.core.session.RevocationReason;
import dev.bulwark.core.session.Session;
import dev.bulwark.core.session.SessionId;
import dev.bulwark.core.session.SessionService;
import dev.bulwark.core.mfa.SecondFactors;
import dev.bulwark.core.notify.AccountNotices;
import dev.bulwark.core.notify.MessageTexts;
import dev.bulwark.core.oauth.Assurance;
import dev.bulwark.core.oauth.DeviceTrust;
import dev.bulwark.core.oauth.SecondFactorChoice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A user's devices and sessions, and the power to end them: for the user through the account API and for
 * administrators through the admin API. Ending a session cuts its refresh tokens at once and puts it in the
 * revocation feed, so its access tokens are reported inactive at once too.
 */
public final class AccountService {
    private final SessionService sessions;
    private final AppRepository apps;
    private final UserAccounts accounts;
    private final CredentialGuard guard;
    private final SecondFactorChoice factorChoice;
    private final AccountNotices notices;
    private final DeviceTrust devices;
    private final ConsentRepository consents;
    private final AuditTrail audit;
    private final Clock clock;

    public AccountService(SessionService sessions, AppRepository apps, UserAccounts accounts, CredentialGuard guard,
                          SecondFactorChoice factorChoice, AccountNotices notices, DeviceTrust devices,
                          ConsentRepository consents, AuditTrail audit, Clock clock) {
        this.consents = consents;
        this.audit = audit;
        this.factorChoice = factorChoice;
        this.devices = devices;
        this.notices = notices;
        this.sessions = sessions;
        this.apps = apps;
        this.accounts = accounts;
        this.guard = guard;
        this.clock = clock;
    }

    /**
     * A live session, with the app it belongs to, when it will end unless used or revoked, and the verdict on the
     * attested key it is bound to (with the reasons it falls short of the app's policy today), if it is.
     */
    public record LiveSession(Session session, String appName, Instant expiresAt,
                              Optional<DeviceTrust.Verdict> device) {
    }

    /** A device with the user's live sessions on it. */
    public record DeviceSessions(Device device, List<LiveSession> sessions) {
        public DeviceSessions {
            sessions = List.copyOf(sessions);
        }
    }

    /** The user's devices, most recently seen first, each with its live sessions (devices without any included). */
    public List<DeviceSessions> devices(UserId user) {
        Map<DeviceId, List<LiveSession>> byDevice = liveSessions(user).stream()
                .collect(Collectors.groupingBy(live -> live.session().deviceId()));
        return sessions.devicesOf(user).stream()
                .sorted(Comparator.comparing(Device::lastSeen).reversed())
                .map(device -> new DeviceSessions(device, byDevice.getOrDefault(device.id(), List.of())))
                .toList();
    }

    /** The user's sessions that have neither been revoked nor run out, most recently used first. */
    public List<LiveSession> liveSessions(UserId user) {
        Instant now = clock.instant();
        Map<dev.bulwark.core.app.ClientId, Optional<App>> known = new java.util.HashMap<>();
        return sessions.sessionsOf(user).stream()
                .map(session -> known.computeIfAbsent(session.clientId(), apps::find)
                        .filter(app -> session.activeAt(now, app.definition().sessions()))
                        .map(app -> new LiveSession(session, app.definition().name(),
                                session.expiresAt(app.definition().sessions()),
                                devices.verdict(app, session.scopes(), session.dpopJkt()))))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing((LiveSession live) -> live.session().lastActiveAt()).reversed())
                .toList();
    }

    /**
     * Ends one of the user's sessions.
     *
     * @throws DomainException {@code not_found} when the user has no such live session (another user's included)
     */
    public void endSession(UserId user, SessionId id, RevocationReason reason, Actor actor) {
        Session session = liveSessions(user).stream().map(LiveSession::session).filter(s -> s.id().equals(id))
                .findFirst().orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "There is no such session."));
        sessions.revoke(session, reason, actor);
    }

    /**
     * Signs a device out: ends every session of the user on it. The device is named by Bulwark's id or by the
     * installation id the app sent when it signed in (what an app knows as "this phone"); Bulwark's id wins
     * should one device's installation id be another's Bulwark id.
     *
     * @throws DomainException {@code not_found} when the user has no such device
     */
    public int endDevice(UserId user, String device, RevocationReason reason, Actor actor) {
        List<Device> devices = sessions.devicesOf(user);
        DeviceId id = devices.stream().filter(d -> d.id().value().equals(device)).findFirst()
                .or(() -> devices.stream().filter(d -> d.installationId().equals(device)).findFirst())
                .map(Device::id)
                .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "There is no such device."));
        return endWhere(user, session -> session.deviceId().equals(id), reason, actor);
    }

    /**
     * Ends all of the user's sessions but {@code keep}, if given, and their single sign-on in browsers (a browser
     * session is never the one kept: the caller is an app).
     */
    public int endAll(UserId user, Optional<SessionId> keep, RevocationReason reason, Actor actor) {
        sessions.endBrowserSessions(user);
        return endWhere(user, session -> keep.map(k -> !k.equals(session.id())).orElse(true), reason, actor);
    }

    private int endWhere(UserId user, java.util.function.Predicate<Session> which, RevocationReason reason, Actor actor) {
        return (int) sessions.sessionsOf(user).stream().filter(which)
                .filter(session -> sessions.revoke(session, reason, actor)).count();
    }

    /**
     * The user changes their own password, proving the current one, under brute-force protection (a stolen access
     * token must not become a way to guess the password). Every other session ends.
     *
     * @param current the session the change is made from, which stays
     */
    public void changePassword(UserId user, Password currentPassword, Password next, Optional<SessionId> current,
                               Optional<String> address, Actor actor) {
        try (CredentialGuard.Attempt attempt = guard.begin(Optional.of(ThrottleKey.user(user)), address)) {
            if (attempt.blocked()) {
                throw new DomainException(ErrorCode.INVALID_CREDENTIALS, "The current password is not correct.");
            }
            try {
                accounts.changePassword(user, currentPassword, next, current.map(SessionId::value), actor);
            } catch (DomainException refused) {
                if (refused.code() == ErrorCode.INVALID_CREDENTIALS) {
                    attempt.failed(Optional.of(user));
                }
                throw refused;
            }
            attempt.succeeded();
        }
        notices.send(user, MessageTexts.Notice.PASSWORD_CHANGED);
    }

    /** A consent the user gave a third-party app, with the app's name (absent once the app is deleted). */
    public record AppConsent(Consent consent, String appName) {
    }

    /** The user's consents to third-party apps, most recent first. */
    public List<AppConsent> consents(UserId user) {
        return consents.of(user).stream().map(consent -> new AppConsent(consent, apps.find(consent.clientId())
                .map(app -> app.definition().name()).orElse(consent.clientId().value()))).toList();
    }

    /**
     * Withdraws the user's consent to an app: the app must ask again, and its sessions of the user end now, so that
     * what it was given stops working at once.
     *
     * @throws DomainException {@code not_found} when the user gave the app no consent
     */
    public int revokeConsent(UserId user, ClientId client, Actor actor) {
        if (!consents.delete(user, client)) {
            throw new DomainException(ErrorCode.NOT_FOUND, "There is no consent to that app.");
        }
        audit.record(new ConsentRevoked(user, client), actor);
        return endWhere(user, session -> session.clientId().equals(client), RevocationReason.CONSENT_REVOKED, actor);
    }

    /** The device a session runs on, to bind a device key registered from it. */
    public Optional<DeviceId> deviceOf(Optional<SessionId> session) {
        return session.flatMap(sessions::find).map(Session::deviceId);
    }


    /**
     * Demands a recent sign-in, and two factors once the user has one, before their factors change: a stolen phone
     * with a long-lived session, or a stolen password alone, must not swap the user's second factor.
     *
     * @throws DomainException {@code insufficient_user_authentication} with {@code max_age} and, where two factors
     *                         are needed, {@code acr_values} (RFC 9470)
     */
    public void requireFreshSignInForFactors(UserId user, Optional<SessionId> session, Optional<Instant> authTime) {
        Instant now = clock.instant();
        boolean recent = authTime.map(at -> !at.isBefore(now.minus(SecondFactors.CHANGE_MAX_AGE))).orElse(false);
        boolean hasFactor = factorChoice.hasAnyFactor(user);
        boolean twoFactors = session.flatMap(sessions::find).map(s -> Assurance.AAL2.equals(s.acr())).orElse(false);
        if (recent && (!hasFactor || twoFactors)) {
            return;
        }
        Map<String, Object> stepUp = new java.util.LinkedHashMap<>();
        stepUp.put("max_age", SecondFactors.CHANGE_MAX_AGE.toSeconds());
        if (hasFactor) {
            stepUp.put("acr_values", Assurance.AAL2);
        }
        throw new DomainException(ErrorCode.INSUFFICIENT_USER_AUTHENTICATION, hasFactor
                ? "Sign in again with your second factor to change your factors."
                : "Sign in again to change your factors.").with(stepUp);
    }
}
