package dev.bulwark.server.http;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.account.AccountService;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.AppDraft;
import dev.bulwark.core.app.AppRegistry;
import dev.bulwark.core.app.AppType;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.server.config.DurationText;
import java.time.Duration;
import java.util.List;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserAccounts;
import dev.bulwark.core.oauth.OwnApiAccess;
import dev.bulwark.core.protection.CredentialGuard;
import dev.bulwark.core.session.RevocationReason;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API, {@code /admin/v1}: a user's sessions and devices, ending them, disabling a user, lifting a
 * brute-force lock; apps. Every call needs a live access token granted {@code bulwark:admin} of a user who is an
 * administrator now. Users are named by id or username.
 */
final class AdminEndpoints {
    static final String PREFIX = "/admin/v1";

    private final AccountService sessions;
    private final UserAccounts users;
    private final CredentialGuard guard;
    private final OwnApiAccess access;
    private final String issuer;
    private final AppRegistry apps;

    AdminEndpoints(AccountService sessions, UserAccounts users, CredentialGuard guard, OwnApiAccess access,
                   String issuer, AppRegistry apps) {
        this.apps = apps;
        this.sessions = sessions;
        this.users = users;
        this.guard = guard;
        this.access = access;
        this.issuer = issuer;
    }

    void register(RoutesConfig routes) {
        routes.get(PREFIX + "/users/{user}", ctx -> ctx.json(AccountJson.user(target(ctx, admin(ctx)))));
        routes.get(PREFIX + "/users/{user}/devices", ctx -> ctx.json(AccountJson.devices(
                sessions.devices(target(ctx, admin(ctx)).id()), Optional.empty())));
        routes.get(PREFIX + "/users/{user}/sessions", ctx -> ctx.json(AccountJson.sessions(
                sessions.liveSessions(target(ctx, admin(ctx)).id()), Optional.empty())));
        routes.delete(PREFIX + "/users/{user}/sessions", this::endAll);
        routes.delete(PREFIX + "/users/{user}/sessions/{session}", this::endOne);
        routes.post(PREFIX + "/users/{user}/disable", this::disable);
        routes.post(PREFIX + "/users/{user}/enable", this::enable);
        routes.post(PREFIX + "/users/{user}/unlock", this::unlock);
        routes.get(PREFIX + "/apps", ctx -> {
            admin(ctx);
            ctx.json(Map.of("apps", apps.list().stream().map(app -> AppJson.json(app, Optional.empty())).toList()));
        });
        routes.post(PREFIX + "/apps", this::createApp);
        routes.get(PREFIX + "/apps/{client}", ctx -> ctx.json(AppJson.json(app(ctx, admin(ctx)), Optional.empty())));
        routes.patch(PREFIX + "/apps/{client}", this::updateApp);
        routes.delete(PREFIX + "/apps/{client}", ctx -> {
            Actor admin = admin(ctx);
            apps.delete(app(ctx, admin).clientId(), admin);
            ctx.status(204);
        });
        routes.post(PREFIX + "/apps/{client}/secret", ctx -> {
            Actor admin = admin(ctx);
            AppRegistry.Registered rotated = apps.rotateSecret(app(ctx, admin).clientId(), admin);
            ctx.json(AppJson.json(rotated.app(), rotated.clientSecret()));
        });
    }

    /**
     * An app's definition as JSON: the fields of {@link AppJson}; on update only those present change. Durations
     * are written as in the configuration ({@code 5m}, {@code 30d}).
     */
    @JsonIgnoreProperties(value = {"created_at", "updated_at"})
    record AppRequest(String client_id, String type, String name, Boolean first_party, List<String> redirect_uris,
                      List<String> grant_types, String scope, List<String> audiences,
                      String token_endpoint_auth_method, JsonNode jwks, String access_token_lifetime,
                      String refresh_retry_leeway, String session_idle_timeout, String session_absolute_lifetime,
                      String second_factor, List<String> second_factors, String sensitive_scopes,
                      String device_policy, String resource, Boolean administration) {
        AppDraft draft() {
            return AppDraft.builder().name(name).firstParty(first_party).redirectUris(redirect_uris)
                    .grants(grant_types).scopes(scope == null ? null : words(scope)).audiences(audiences)
                    .authMethod(token_endpoint_auth_method)
                    .jwks(jwks != null && jwks.isObject() ? jwks.toString() : null)
                    .accessTokenLifetime(duration(access_token_lifetime))
                    .refreshRetryLeeway(duration(refresh_retry_leeway))
                    .sessionIdleTimeout(duration(session_idle_timeout))
                    .sessionLifetime(duration(session_absolute_lifetime)).secondFactor(second_factor)
                    .secondFactorKinds(second_factors)
                    .sensitiveScopes(sensitive_scopes == null ? null : words(sensitive_scopes))
                    .devicePolicy(device_policy).resource(resource).administration(administration).build();
        }

        private static List<String> words(String scopes) {
            return Scopes.parse(scopes).values().stream().sorted().toList();
        }

        /** The duration the text gives, or null when it is absent. */
        private static Duration duration(String text) {
            try {
                return text == null ? null : DurationText.parse(text);
            } catch (IllegalArgumentException e) {
                throw new DomainException(ErrorCode.INVALID_REQUEST, "\"" + text + "\" is " + e.getMessage() + ".");
            }
        }
    }

    private void createApp(Context ctx) {
        Actor admin = admin(ctx);
        AppRequest request = ctx.bodyAsClass(AppRequest.class);
        AppType type = switch (request.type() == null ? "" : request.type()) {
            case "native" -> AppType.NATIVE;
            case "service" -> AppType.SERVICE;
            default -> throw new DomainException(ErrorCode.INVALID_REQUEST, "type must be native or service.");
        };
        ClientId id = request.client_id() == null ? apps.newClientId() : new ClientId(request.client_id());
        AppRegistry.Registered created = apps.create(request.draft().apply(id, type, Optional.empty()), admin);
        ctx.status(201).json(AppJson.json(created.app(), created.clientSecret()));
    }

    private void updateApp(Context ctx) {
        Actor admin = admin(ctx);
        App current = app(ctx, admin);
        AppRequest request = ctx.bodyAsClass(AppRequest.class);
        if (request.type() != null || request.client_id() != null) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "An app's type and client_id cannot change.");
        }
        AppDefinition changed = request.draft().apply(current.clientId(), current.definition().type(),
                Optional.of(current.definition()));
        ctx.json(AppJson.json(apps.update(changed, admin).app(), Optional.empty()));
    }

    private App app(Context ctx, Actor authorized) {
        ClientId id;
        try {
            id = new ClientId(ctx.pathParam("client"));
        } catch (DomainException malformed) {
            throw new DomainException(ErrorCode.NOT_FOUND, "There is no such app.");
        }
        return apps.find(id).orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "There is no such app."));
    }

    private Actor admin(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        return Actor.admin(access.administrator(Callers.presented(ctx, issuer)).user().id());
    }

    /** The user a call is about; {@code authorized} is there so that the caller is checked first. */
    private User target(Context ctx, Actor authorized) {
        return users.find(ctx.pathParam("user"))
                .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "There is no such user."));
    }

    private void endAll(Context ctx) {
        Actor admin = admin(ctx);
        int ended = sessions.endAll(target(ctx, admin).id(), Optional.empty(), RevocationReason.ADMINISTRATOR, admin);
        ctx.json(Map.of("signed_out", ended));
    }

    private void endOne(Context ctx) {
        Actor admin = admin(ctx);
        sessions.endSession(target(ctx, admin).id(), AccountEndpoints.sessionId(ctx.pathParam("session")),
                RevocationReason.ADMINISTRATOR, admin);
        ctx.status(204);
    }

    /** Disabling a user ends every session of theirs at once. */
    private void disable(Context ctx) {
        Actor admin = admin(ctx);
        ctx.json(AccountJson.user(users.disable(target(ctx, admin).id(), admin)));
    }

    private void enable(Context ctx) {
        Actor admin = admin(ctx);
        ctx.json(AccountJson.user(users.enable(target(ctx, admin).id(), admin)));
    }

    private void unlock(Context ctx) {
        Actor admin = admin(ctx);
        guard.unlock(target(ctx, admin).id(), admin);
        ctx.status(204);
    }
}
