package dev.bulwark.server.cli;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.AppDraft;
import dev.bulwark.core.app.AppRegistry;
import dev.bulwark.core.app.AppType;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.server.Bulwark;
import dev.bulwark.server.config.DurationText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "app", mixinStandardHelpOptions = true, description = "Manage apps (OAuth clients).",
        subcommands = {AppCommand.Create.class, AppCommand.ListApps.class, AppCommand.Show.class,
                AppCommand.Update.class, AppCommand.Delete.class})
final class AppCommand {

    /** The options that define an app; on update, only those given change. */
    static final class DefinitionOptions {
        @Option(names = "--name", description = "Shown to people.")
        String name;

        @Option(names = "--first-party", negatable = true,
                description = "Made by your organisation: may use the first-party native login, never asked for consent.")
        Boolean firstParty;

        @Option(names = "--redirect-uri", paramLabel = "URI", description = "A redirect URI (repeatable): "
                + "com.example.app:/callback, https://..., or http://127.0.0.1/... (any port).")
        List<String> redirectUris;

        @Option(names = "--grant", paramLabel = "GRANT", split = ",", description = "authorization_code, refresh_token, "
                + "client_credentials (repeatable or comma-separated).")
        List<String> grants;

        @Option(names = "--scope", paramLabel = "SCOPE", split = " |,", description = "A scope the app may request "
                + "(repeatable).")
        List<String> scopes;

        @Option(names = "--audience", paramLabel = "ID", description = "A resource server its access tokens are for "
                + "(repeatable).")
        List<String> audiences;

        @Option(names = "--auth", paramLabel = "METHOD", description = "For services: client_secret (default) or "
                + "private_key_jwt.")
        String auth;

        @Option(names = "--jwks-file", paramLabel = "FILE", description = "The app's public keys (JWK Set) for "
                + "private_key_jwt.")
        Path jwksFile;

        @Option(names = "--access-token-lifetime", paramLabel = "DURATION", description = "Default 5m, at most 1h.")
        String accessTokenLifetime;

        @Option(names = "--refresh-leeway", paramLabel = "DURATION",
                description = "Retry window for a superseded refresh token; default 10s, 0 turns it off.")
        String refreshLeeway;

        @Option(names = "--session-idle", paramLabel = "DURATION", description = "Default 30m.")
        String sessionIdle;

        @Option(names = "--session-lifetime", paramLabel = "DURATION", description = "Default 30d.")
        String sessionLifetime;

        @Option(names = "--second-factor", paramLabel = "WHEN", description = "off, optional (default: when the user "
                + "has one), required, or sensitive_scopes.")
        String secondFactor;

        @Option(names = "--second-factors", paramLabel = "FACTOR", split = ",", description = "The factors that "
                + "count: totp, recovery_code, email_code, sms_code, device_key, passkey (default: all but sms_code).")
        List<String> secondFactors;

        @Option(names = "--sensitive-scope", paramLabel = "SCOPE", description = "A scope that needs a second "
                + "factor under --second-factor sensitive_scopes (repeatable).")
        List<String> sensitiveScopes;

        @Option(names = "--device-policy", paramLabel = "POLICY", description = "What users' devices must prove, as "
                + "key=value words: integrity=none|attested_key|strong|strongbox, emulators=block, "
                + "min_os_patch=YYYYMM, min_app_version=N, android_package=NAME, signing_certificates=HEX,HEX, "
                + "reattestation_days=N, scope.SCOPE=LEVEL (default integrity=none).")
        String devicePolicy;

        @Option(names = "--admin", negatable = true, description = "For administering Bulwark: the only kind of app "
                + "that may ask for bulwark:admin. First-party; its administrators sign in with two factors, and its "
                + "sessions idle out within 15 minutes and end within 8 hours.")
        Boolean administration;

        @Option(names = "--resource", paramLabel = "URI", description = "For a service that is an API: its resource "
                + "identifier, the audience of the tokens meant for it. Only such a resource server may introspect "
                + "tokens (those meant for it) and read the revocation feed. An empty value removes it.")
        String resource;

        /** Each field: the option when given, else the current value on update, else the default for the type. */
        AppDefinition apply(ClientId clientId, AppType type, Optional<AppDefinition> current) {
            return AppDraft.builder().name(name).firstParty(firstParty).redirectUris(redirectUris).grants(grants)
                    .scopes(scopes).audiences(audiences).authMethod(auth)
                    .jwks(jwksFile == null ? null : read(jwksFile))
                    .accessTokenLifetime(duration(accessTokenLifetime)).refreshRetryLeeway(duration(refreshLeeway))
                    .sessionIdleTimeout(duration(sessionIdle)).sessionLifetime(duration(sessionLifetime))
                    .secondFactor(secondFactor).secondFactorKinds(secondFactors).sensitiveScopes(sensitiveScopes)
                    .devicePolicy(devicePolicy).resource(resource).administration(administration).build()
                    .apply(clientId, type, current);
        }
    }

    /** The duration the option gives, or null when it is absent. */
    private static Duration duration(String text) {
        if (text == null) {
            return null;
        }
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "\"" + text + "\" is " + e.getMessage() + ".");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "Cannot read " + file + ": " + e.getMessage());
        }
    }

    private static void print(CliContext context, boolean json, AppRegistry.Registered registered, String text) {
        if (json) {
            context.printJson(AppView.json(registered.app(), registered.clientSecret()));
            return;
        }
        context.out().println(text);
        registered.clientSecret().ifPresent(secret -> context.out().println("client secret (shown once, store it now): "
                + secret));
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Register an app.")
    static final class Create implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        ConfigFileOption config;

        @Option(names = "--type", required = true, paramLabel = "TYPE",
                description = "native (a public client: mobile or desktop) or service (a confidential backend).")
        String type;

        @Option(names = "--client-id", paramLabel = "ID", description = "Default: generated.")
        String clientId;

        @CommandLine.ArgGroup(exclusive = false)
        DefinitionOptions definition = new DefinitionOptions();

        @Option(names = "--json", description = "Print the app (and its secret, once) as one JSON object.")
        boolean json;

        Create(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            AppType appType = appType(type);
            try (Bulwark bulwark = context.open(config.file(), Bulwark.Access.CREATE_MISSING)) {
                ClientId id = clientId == null ? bulwark.apps().newClientId() : new ClientId(clientId);
                var registered = bulwark.apps().create(definition.apply(id, appType, Optional.empty()), context.actor());
                print(context, json, registered, "created app " + id);
                return 0;
            }
        }
    }

    private static AppType appType(String text) {
        try {
            return AppType.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "--type is native or service.");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List apps.")
    static final class ListApps implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        ConfigFileOption config;

        @Option(names = "--json", description = "Print {\"apps\": [...]} as one JSON object.")
        boolean json;

        ListApps(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (Bulwark bulwark = context.open(config.file())) {
                List<App> apps = bulwark.apps().list();
                if (json) {
                    context.printJson(Map.of("apps", apps.stream().map(a -> AppView.json(a, Optional.empty())).toList()));
                } else {
                    apps.forEach(app -> context.out().println(AppView.line(app)));
                }
                return 0;
            }
        }
    }

    /** Commands that act on one app. */
    abstract static class OnOneApp implements Callable<Integer> {
        final CliContext context;

        @Mixin
        ConfigFileOption config;

        @Parameters(index = "0", paramLabel = "CLIENT_ID", description = "The app's client id.")
        String clientId;

        @Option(names = "--json", description = "Print the result as one JSON object.")
        boolean json;

        OnOneApp(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (Bulwark bulwark = context.open(config.file())) {
                ClientId id = new ClientId(clientId);
                App app = bulwark.apps().find(id).orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND,
                        "No app " + clientId + "."));
                return act(bulwark, app);
            }
        }

        abstract int act(Bulwark bulwark, App app);
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one app.")
    static final class Show extends OnOneApp {
        Show(CliContext context) {
            super(context);
        }

        @Override
        int act(Bulwark bulwark, App app) {
            if (json) {
                context.printJson(AppView.json(app, Optional.empty()));
            } else {
                AppView.json(app, Optional.empty()).forEach((key, value) -> context.out().println(key + ": " + value));
            }
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change an app: the options given replace what they name; lists are replaced whole.")
    static final class Update extends OnOneApp {
        @CommandLine.ArgGroup(exclusive = false)
        DefinitionOptions definition = new DefinitionOptions();

        @Option(names = "--new-secret", description = "Replace the client secret; the old one stops working at once.")
        boolean newSecret;

        Update(CliContext context) {
            super(context);
        }

        @Override
        int act(Bulwark bulwark, App app) {
            AppDefinition current = app.definition();
            var registered = bulwark.apps().update(definition.apply(current.clientId(), current.type(),
                    Optional.of(current)), context.actor());
            if (newSecret) {
                registered = bulwark.apps().rotateSecret(current.clientId(), context.actor());
            }
            print(context, json, registered, "updated app " + current.clientId());
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an app for good.")
    static final class Delete extends OnOneApp {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--yes", description = "Confirm: deleting cannot be undone.")
        boolean confirmed;

        Delete(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            if (!confirmed) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "deleting an app cannot be undone; add --yes to confirm");
            }
            return super.call();
        }

        @Override
        int act(Bulwark bulwark, App app) {
            bulwark.apps().delete(app.clientId(), context.actor());
            if (json) {
                context.printJson(Map.of("client_id", app.clientId().value(), "deleted", true));
            } else {
                context.out().println("deleted app " + app.clientId());
            }
            return 0;
        }
    }
}
