package dev.bulwark.server.cli;

import dev.bulwark.server.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

@Command(name = "bulwark", mixinStandardHelpOptions = true, versionProvider = BulwarkCommand.VersionProvider.class,
        description = "Bulwark: a self-hosted security backend for mobile apps.",
        subcommands = {ServeCommand.class, UserCommand.class, AppCommand.class, KeysCommand.class, AuditCommand.class,
                ConfigCommand.class, PasswordsCommand.class},
        footer = {"", "Exit codes: 0 success, 1 operation refused or failed, 2 usage error, 3 invalid configuration, "
                + "4 database unreachable."})
final class BulwarkCommand {

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"bulwark " + Version.current(),
                    "JVM " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
