package dev.bulwark.server.cli;

import dev.bulwark.server.Bulwark;
import dev.bulwark.server.config.BulwarkConfig;
import dev.bulwark.server.config.Settings;
import dev.bulwark.server.passwords.BreachedPasswordFile;
import dev.bulwark.server.passwords.BreachedPasswordImport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "passwords", mixinStandardHelpOptions = true, description = "Manage the passwords Bulwark refuses.",
        subcommands = {PasswordsCommand.ImportBlocklist.class})
final class PasswordsCommand {

    @Command(name = "import-blocklist", mixinStandardHelpOptions = true,
            description = {"Build the breached-password list from a text file, of any size: one SHA-1 in hex per line "
                    + "(HASH or HASH:COUNT, as \"Have I Been Pwned\" publishes them) or one password in plain text. "
                    + "It is written to passwords.policy.breachedPasswordsFile (default DATADIR/breached-passwords.bin) "
                    + "and replaces the list there once complete; a running server uses it from its next start.",
                    "Streamed: memory stays at 32 MiB whatever the size; a million entries take seconds."})
    static final class ImportBlocklist implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        ConfigFileOption config;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The text list; - reads standard input.")
        String file;

        @Option(names = "--min-count", paramLabel = "N", description = "Skip HASH:COUNT lines seen fewer than N times "
                + "(default 1: keep all).")
        long minCount = 1;

        @Option(names = "--json", description = "Print {\"file\", \"entries\", \"lines\", \"skipped\"} as one JSON "
                + "object.")
        boolean json;

        ImportBlocklist(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            if (minCount < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--min-count must be at least 1");
            }
            Path source = "-".equals(file) ? null : Path.of(file);
            if (source != null && !Files.isRegularFile(source)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + file);
            }
            BulwarkConfig configuration = context.loadConfig(config.file());
            Path output = configuration.get(Settings.POLICY_BREACHED_PASSWORDS_FILE)
                    .orElseGet(() -> Bulwark.defaultBreachedPasswordsFile(configuration));
            BreachedPasswordImport.Result result;
            try (InputStream in = source == null ? context.in() : Files.newInputStream(source)) {
                result = BreachedPasswordImport.run(in, output, minCount,
                        progress -> context.err().println("bulwark: " + progress));
            }
            BreachedPasswordFile.open(output); // what was written reads back
            if (json) {
                Map<String, Object> printed = new LinkedHashMap<>();
                printed.put("file", result.file().toString());
                printed.put("entries", result.entries());
                printed.put("lines", result.lines());
                printed.put("skipped", result.skippedBelowCount());
                context.printJson(printed);
            } else {
                context.out().printf("imported %,d distinct entries from %,d lines (%,d under the minimum count) into "
                        + "%s%n", result.entries(), result.lines(), result.skippedBelowCount(), result.file());
            }
            return 0;
        }
    }
}
