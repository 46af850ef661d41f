package dev.bulwark.server.cli;

import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.PasswordPolicyCheck;
import dev.bulwark.server.BootstrapAdministrator;
import dev.bulwark.server.Bulwark;
import dev.bulwark.server.config.ConfigException;
import dev.bulwark.server.config.Settings;
import dev.bulwark.server.config.SettingsReference;
import java.util.List;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with the configuration.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Reference.class})
final class ConfigCommand {

    @Command(name = "reference", mixinStandardHelpOptions = true,
            description = "Print every setting with its environment variable, default and allowed values (Markdown).")
    static final class Reference implements Callable<Integer> {
        private final CliContext context;

        Reference(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            context.out().print(SettingsReference.markdown());
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a configuration file (with the BULWARK_... environment over it) without starting. "
                    + "Exit code 0 when valid, 3 with one line per problem when not.")
    static final class Check implements Callable<Integer> {
        private final CliContext context;

        @Parameters(arity = "0..1", paramLabel = "FILE",
                description = "The file to check (default: $BULWARK_CONFIG, else ./bulwark.yaml when present).")
        Path file;

        Check(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var config = context.loadConfig(Optional.ofNullable(file));
            var passwordPolicy = Bulwark.passwordPolicy(config); // the lists it names are checked too
            config.get(Settings.BOOTSTRAP_ADMIN_PASSWORD).ifPresent(password -> {
                var violations = new PasswordPolicyCheck(passwordPolicy).violations(Password.of(password),
                        List.of(config.get(Settings.BOOTSTRAP_ADMIN_USERNAME)));
                if (!violations.isEmpty()) {
                    throw new ConfigException(List.of(BootstrapAdministrator.policyProblem(violations)));
                }
            });
            context.out().println("configuration valid: " + config.file().map(Path::toString)
                    .orElse("(no file; defaults and environment)") + ", " + (config.production() ? "production"
                    : "development") + " mode, " + config.overridden().size() + " settings given");
            return 0;
        }
    }
}
