package dev.bulwark.server;

import dev.bulwark.server.cli.Cli;
import dev.bulwark.server.cli.CliContext;
import java.nio.file.Path;

/** Entry point of the {@code bulwark} command. */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command and exits with its code. Whatever escapes it (an Error: the JVM out of memory while starting,
     * say) is one line on standard error and a non-zero exit, never a process that stays up without serving: a
     * supervisor must see the failure and restart it.
     */
    public static void main(String[] args) {
        int exitCode;
        try {
            exitCode = Cli.run(args, new CliContext(System.in, System.out, System.err, System.getenv(),
                    Path.of("").toAbsolutePath()));
        } catch (Throwable failure) {
            String message = failure.getMessage() == null ? "" : ": " + failure.getMessage().lines().findFirst()
                    .orElse("");
            System.err.println("bulwark: failed: " + failure.getClass().getSimpleName() + message);
            exitCode = Cli.FAILED;
        }
        System.exit(exitCode);
    }
}
