package dev.bulwark.server.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command shares. */
final class ConfigFileOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: $BULWARK_CONFIG, else ./bulwark.yaml when present).")
    Path file;

    Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
