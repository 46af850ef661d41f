package dev.bulwark.server.http;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.account.AccountService;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.oauth.TokenIntrospection;
import dev.bulwark.core.session.DeviceId;
import dev.bulwark.core.session.RevocationReason;
import dev.bulwark.core.session.SessionId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * The self-service account API, {@code /account/v1}: the user's devices and sessions, remote sign-out, and password
 * change. Every call needs a live access token granted {@code bulwark:account}.
 */
final class AccountEndpoints {
    static final String PREFIX = "/account/v1";

    private final AccountService accounts;
    private final TokenIntrospection introspection;

    AccountEndpoints(AccountService accounts, TokenIntrospection introspection) {
        this.accounts = accounts;
        this.introspection = introspection;
    }

    void register(RoutesConfig routes) {
        routes.get(PREFIX + "/devices", this::devices);
        routes.delete(PREFIX + "/devices/{device}", this::endDevice);
        routes.get(PREFIX + "/sessions", this::sessions);
        routes.delete(PREFIX + "/sessions/{session}", this::endSession);
        routes.post(PREFIX + "/sign-out", this::signOut);
        routes.post(PREFIX + "/password", this::changePassword);
    }

    private Callers.Caller caller(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        return Callers.user(ctx, introspection, Scopes.ACCOUNT);
    }

    private void devices(Context ctx) {
        Callers.Caller caller = caller(ctx);
        ctx.json(AccountJson.devices(accounts.devices(caller.user().id()), caller.session()));
    }

    private void sessions(Context ctx) {
        Callers.Caller caller = caller(ctx);
        ctx.json(AccountJson.sessions(accounts.liveSessions(caller.user().id()), caller.session()));
    }

    private void endSession(Context ctx) {
        Callers.Caller caller = caller(ctx);
        accounts.endSession(caller.user().id(), sessionId(ctx.pathParam("session")), RevocationReason.SIGNED_OUT,
                Actor.user(caller.user().id()));
        ctx.status(204);
    }

    private void endDevice(Context ctx) {
        Callers.Caller caller = caller(ctx);
        accounts.endDevice(caller.user().id(), deviceId(ctx.pathParam("device")), RevocationReason.SIGNED_OUT,
                Actor.user(caller.user().id()));
        ctx.status(204);
    }

    /** What a sign-out covers: every session but the caller's, or every one. */
    record SignOut(String sessions) {
    }

    private void signOut(Context ctx) {
        Callers.Caller caller = caller(ctx);
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
        Callers.Caller caller = caller(ctx);
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

    static DeviceId deviceId(String text) {
        if (!DeviceId.looksLikeOne(text)) {
            throw new DomainException(ErrorCode.NOT_FOUND, "There is no such device.");
        }
        return new DeviceId(text);
    }
}
