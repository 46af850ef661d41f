package dev.bulwark.server;

import dev.bulwark.server.cli.Cli;
import dev.bulwark.server.cli.CliContext;
import java.nio.file.Path;

/** Entry point of the {@code bulwark} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = Cli.run(args, new CliContext(System.in, System.out, System.err, System.getenv(),
                Path.of("").toAbsolutePath()));
        System.exit(exitCode);
    }
}
