package dev.bulwark.server.http;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.account.PasswordReset;
import dev.bulwark.core.crypto.Password;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Account recovery for someone who cannot sign in: a password reset by a code emailed to the account's address.
 * No token needed; the answer to a start is the same whether or not the account exists.
 */
final class RecoveryEndpoints {
    private static final int LONGEST_FIELD = 4_096;

    private final PasswordReset reset;

    RecoveryEndpoints(PasswordReset reset) {
        this.reset = reset;
    }

    void register(RoutesConfig routes) {
        routes.post(AccountEndpoints.PREFIX + "/password-reset", this::start);
        routes.post(AccountEndpoints.PREFIX + "/password-reset/complete", this::complete);
    }

    record Start(String login) {
    }

    private void start(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        Start request = ctx.bodyAsClass(Start.class);
        String handle = reset.start(required(request.login(), "login"), RequestObservation.knownClient(ctx));
        ctx.status(202).json(Map.of("reset", handle, "detail", "If the account exists and has an email address, a "
                + "code is on its way."));
    }

    /** The completion; the code and password never print. */
    record Complete(String reset, String code, String new_password) {
        @Override
        public String toString() {
            return "Complete[redacted]";
        }
    }

    private void complete(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        Complete request = ctx.bodyAsClass(Complete.class);
        reset.complete(required(request.reset(), "reset"), required(request.code(), "code"),
                Password.of(required(request.new_password(), "new_password")), RequestObservation.knownClient(ctx));
        ctx.status(204);
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty() || value.length() > LONGEST_FIELD) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, name + " is required (at most 4096 characters).");
        }
        return value;
    }
}
