package dev.bulwark.server.http;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.account.AccountService;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.oauth.OwnApiAccess;
import dev.bulwark.core.session.RevocationReason;
import dev.bulwark.core.session.SessionId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import dev.bulwark.core.mfa.DeviceKeys;
import dev.bulwark.core.mfa.Passkeys;
import dev.bulwark.core.mfa.SecondFactors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The self-service account API, {@code /account/v1}: the user's devices and sessions, remote sign-out, and password
 * change. Every call needs a live access token meant for Bulwark, granted {@code bulwark:account}, held by a
 * first-party app ({@link OwnApiAccess#accountHolder}).
 */
final class AccountEndpoints {
    static final String PREFIX = "/account/v1";

    private final AccountService accounts;
    private final SecondFactors factors;
    private final DeviceKeys deviceKeys;
    private final Passkeys passkeys;
    private final OwnApiAccess access;
    private final String issuer;

    AccountEndpoints(AccountService accounts, SecondFactors factors, DeviceKeys deviceKeys, Passkeys passkeys,
                     OwnApiAccess access, String issuer) {
        this.passkeys = passkeys;
        this.accounts = accounts;
        this.factors = factors;
        this.deviceKeys = deviceKeys;
        this.access = access;
        this.issuer = issuer;
    }

    void register(RoutesConfig routes) {
        routes.get(PREFIX + "/devices", this::devices);
        routes.delete(PREFIX + "/devices/{device}", this::endDevice);
        routes.get(PREFIX + "/sessions", this::sessions);
        routes.delete(PREFIX + "/sessions/{session}", this::endSession);
        routes.post(PREFIX + "/sign-out", this::signOut);
        routes.post(PREFIX + "/password", this::changePassword);
        routes.get(PREFIX + "/factors", this::listFactors);
        routes.post(PREFIX + "/factors/totp", this::beginTotp);
        routes.post(PREFIX + "/factors/totp/{id}/confirm", this::confirmTotp);
        routes.delete(PREFIX + "/factors/totp/{id}", this::removeTotp);
        routes.post(PREFIX + "/factors/recovery-codes", this::newRecoveryCodes);
        routes.get(PREFIX + "/passkeys", this::listPasskeys);
        routes.post(PREFIX + "/passkeys/options", this::passkeyOptions);
        routes.post(PREFIX + "/passkeys", this::registerPasskey);
        routes.delete(PREFIX + "/passkeys/{id}", this::removePasskey);
        routes.get(PREFIX + "/device-keys", this::listDeviceKeys);
        routes.post(PREFIX + "/device-keys", this::registerDeviceKey);
        routes.delete(PREFIX + "/device-keys/{id}", this::removeDeviceKey);
        routes.get(PREFIX + "/consents", this::consents);
        routes.delete(PREFIX + "/consents/{client}", this::revokeConsent);
    }

    private void listPasskeys(Context ctx) {
        OwnApiAccess.Caller caller = caller(ctx);
        ctx.json(Map.of("passkeys", passkeys.of(caller.user().id()).stream().map(AccountEndpoints::passkey)
                .toList()));
    }

    private void passkeyOptions(Context ctx) {
        OwnApiAccess.Caller caller = changingFactors(ctx);
        ctx.json(passkeys.registrationOptions(caller.user()));
    }

    /** A passkey's registration: the RegistrationResponseJSON the platform gave, and a name. */
    record PasskeyRegistration(com.fasterxml.jackson.databind.JsonNode response, String name) {
    }

    private void registerPasskey(Context ctx) {
        OwnApiAccess.Caller caller = changingFactors(ctx);
        PasskeyRegistration request = ctx.bodyAsClass(PasskeyRegistration.class);
        if (request.response() == null || !request.response().isObject()) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "response (the platform's registration JSON) is "
                    + "required.");
        }
        var passkey = passkeys.register(caller.user().id(), request.response().toString(),
                request.name() == null ? "Passkey" : request.name(), Actor.user(caller.user().id()));
        ctx.status(201).json(passkey(passkey));
    }

    private void removePasskey(Context ctx) {
        OwnApiAccess.Caller caller = changingFactors(ctx);
        if (!passkeys.remove(caller.user().id(), ctx.pathParam("id"), Actor.user(caller.user().id()))) {
            throw new DomainException(ErrorCode.NOT_FOUND, "There is no such passkey.");
        }
        ctx.status(204);
    }

    private static Map<String, Object> passkey(dev.bulwark.core.mfa.Passkey passkey) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", passkey.credentialId());
        json.put("name", passkey.name());
        json.put("synced", passkey.backupEligible());
        json.put("attestation", passkey.attestationFormat());
        json.put("created_at", passkey.createdAt().getEpochSecond());
        passkey.lastUsedAt().ifPresent(at -> json.put("last_used_at", at.getEpochSecond()));
        return json;
    }

    /** The third-party apps the user allowed, and what. */
    private void consents(Context ctx) {
        OwnApiAccess.Caller caller = caller(ctx);
        ctx.json(Map.of("consents", accounts.consents(caller.user().id()).stream().map(consent -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("client_id", consent.consent().clientId().value());
            json.put("app", consent.appName());
            json.put("scope", consent.consent().scopes().text());
            json.put("granted_at", consent.consent().grantedAt().getEpochSecond());
            return json;
        }).toList()));
    }

    /** Withdraws a consent: the app's sessions of the user end at once. */
    private void revokeConsent(Context ctx) {
        OwnApiAccess.Caller caller = caller(ctx);
        dev.bulwark.core.app.ClientId client;
        try {
            client = new dev.bulwark.core.app.ClientId(ctx.pathParam("client"));
        } catch (DomainException malformed) {
            throw new DomainException(ErrorCode.NOT_FOUND, "There is no consent to that app.");
        }
        accounts.revokeConsent(caller.user().id(), client, Actor.user(caller.user().id()));
        ctx.status(204);
    }

    private void listDeviceKeys(Context ctx) {
        OwnApiAccess.Caller caller = caller(ctx);
        ctx.json(Map.of("device_keys", deviceKeys.of(caller.user().id()).stream().map(AccountEndpoints::deviceKey)
                .toList()));
    }

    /** A device key to register: its public JWK, a name, and optionally an attestation (not verified yet). */
    record DeviceKeyRegistration(com.fasterxml.jackson.databind.JsonNode public_key, String name,
                                 String attestation) {
    }

    private void registerDeviceKey(Context ctx) {
        OwnApiAccess.Caller caller = changingFactors(ctx);
        DeviceKeyRegistration request = ctx.bodyAsClass(DeviceKeyRegistration.class);
        if (request.public_key() == null || !request.public_key().isObject()) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "public_key (a JWK object) is required.");
        }
        var key = deviceKeys.register(caller.user().id(), accounts.deviceOf(caller.session()),
                request.public_key().toString(), request.name() == null ? "This device" : request.name(),
                Optional.ofNullable(request.attestation()), Actor.user(caller.user().id()));
        ctx.status(201).json(deviceKey(key));
    }

    private void removeDeviceKey(Context ctx) {
        OwnApiAccess.Caller caller = changingFactors(ctx);
        if (!deviceKeys.remove(caller.user().id(), ctx.pathParam("id"), Actor.user(caller.user().id()))) {
            throw new DomainException(ErrorCode.NOT_FOUND, "There is no such device key.");
        }
        ctx.status(204);
    }

    private static Map<String, Object> deviceKey(dev.bulwark.core.mfa.DeviceKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("name", key.name());
        key.deviceId().ifPresent(device -> json.put("device_id", device.value()));
        json.put("protection", key.protection().name().toLowerCase(java.util.Locale.ROOT));
        json.put("created_at", key.createdAt().getEpochSecond());
        key.lastUsedAt().ifPresent(at -> json.put("last_used_at", at.getEpochSecond()));
        return json;
    }

    private void listFactors(Context ctx) {
        OwnApiAccess.Caller caller = caller(ctx);
        SecondFactors.Enrolled enrolled = factors.enrolled(caller.user().id());
        ctx.json(Map.of("totp", enrolled.authenticators().stream().map(f -> Map.of("id", f.id(),
                        "created_at", f.createdAt().getEpochSecond())).toList(),
                "recovery_codes", Map.of("remaining", enrolled.recoveryCodesLeft())));
    }

    /** Factor changes need a fresh sign-in (RFC 9470); the caller is checked before anything is read. */
    private OwnApiAccess.Caller changingFactors(Context ctx) {
        OwnApiAccess.Caller caller = caller(ctx);
        accounts.requireFreshSignInForFactors(caller.user().id(), caller.session(), caller.authTime());
        return caller;
    }

    private void beginTotp(Context ctx) {
        OwnApiAccess.Caller caller = changingFactors(ctx);
        SecondFactors.TotpEnrolment enrolment = factors.beginTotp(caller.user());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", enrolment.id());
        body.put("secret", enrolment.secret());
        body.put("otpauth_uri", enrolment.uri());
        body.put("qr_code", QrCodes.pngDataUri(enrolment.uri()));
        body.put("algorithm", enrolment.parameters().algorithm().uriName());
        body.put("digits", enrolment.parameters().digits());
        body.put("period", enrolment.parameters().period().toSeconds());
        ctx.status(201).json(body);
    }

    /** The first code of an authenticator app being enrolled; never printed. */
    record Code(String code) {
        @Override
        public String toString() {
            return "Code[redacted]";
        }
    }

    private void confirmTotp(Context ctx) {
        OwnApiAccess.Caller caller = changingFactors(ctx);
        Code request = ctx.bodyAsClass(Code.class);
        if (request.code() == null) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "code is required.");
        }
        Actor actor = Actor.user(caller.user().id());
        factors.confirmTotp(caller.user().id(), ctx.pathParam("id"), request.code(),
                RequestObservation.knownClient(ctx), actor);
        ctx.json(Map.of("recovery_codes", factors.firstRecoveryCodes(caller.user().id(), actor)));
    }

    private void removeTotp(Context ctx) {
        OwnApiAccess.Caller caller = changingFactors(ctx);
        if (!factors.removeTotp(caller.user().id(), ctx.pathParam("id"), Actor.user(caller.user().id()))) {
            throw new DomainException(ErrorCode.NOT_FOUND, "There is no such authenticator.");
        }
        ctx.status(204);
    }

    private void newRecoveryCodes(Context ctx) {
        OwnApiAccess.Caller caller = changingFactors(ctx);
        ctx.status(201).json(Map.of("codes", factors.newRecoveryCodes(caller.user().id(),
                Actor.user(caller.user().id()))));
    }

    private OwnApiAccess.Caller caller(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        return access.accountHolder(Callers.presented(ctx, issuer));
    }

    private void devices(Context ctx) {
        OwnApiAccess.Caller caller = caller(ctx);
        ctx.json(AccountJson.devices(accounts.devices(caller.user().id()), caller.session()));
    }

    private void sessions(Context ctx) {
        OwnApiAccess.Caller caller = caller(ctx);
        ctx.json(AccountJson.sessions(accounts.liveSessions(caller.user().id()), caller.session()));
    }

    private void endSession(Context ctx) {
        OwnApiAccess.Caller caller = caller(ctx);
        accounts.endSession(caller.user().id(), sessionId(ctx.pathParam("session")), RevocationReason.SIGNED_OUT,
                Actor.user(caller.user().id()));
        ctx.status(204);
    }

    private void endDevice(Context ctx) {
        OwnApiAccess.Caller caller = caller(ctx);
        accounts.endDevice(caller.user().id(), ctx.pathParam("device"), RevocationReason.SIGNED_OUT,
                Actor.user(caller.user().id()));
        ctx.status(204);
    }

    /** What a sign-out covers: every session but the caller's, or every one. */
    record SignOut(String sessions) {
    }

    private void signOut(Context ctx) {
        OwnApiAccess.Caller caller = caller(ctx);
        SignOut request = ctx.bodyAsClass(SignOut.class);
        Optional<SessionId> keep = switch (request.sessions() == null ? "" : request.sessions()) {
            case "others" -> caller.session();
            case "all" -> Optional.empty();
            default -> throw new DomainException(ErrorCode.INVALID_REQUEST, "sessions must be \"others\" or \"all\".");
        };
        int ended = accounts.endAll(caller.user().id(), keep, RevocationReason.SIGNED_OUT, Actor.user(caller.user().id()));
        ctx.json(Map.of("signed_out", ended));
    }

    /** A password change; the passwords never print. */
    record PasswordChange(String current_password, String new_password) {
        @Override
        public String toString() {
            return "PasswordChange[redacted]";
        }
    }

    private void changePassword(Context ctx) {
        OwnApiAccess.Caller caller = caller(ctx);
        PasswordChange request = ctx.bodyAsClass(PasswordChange.class);
        if (request.current_password() == null || request.new_password() == null) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "current_password and new_password are required.");
        }
        accounts.changePassword(caller.user().id(), Password.of(request.current_password()),
                Password.of(request.new_password()), caller.session(), RequestObservation.knownClient(ctx),
                Actor.user(caller.user().id()));
        ctx.status(204);
    }

    static SessionId sessionId(String text) {
        if (!SessionId.looksLikeOne(text)) {
            throw new DomainException(ErrorCode.NOT_FOUND, "There is no such session.");
        }
        return new SessionId(text);
    }
}
