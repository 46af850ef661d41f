package dev.bulwark.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.server.Bulwark;
import dev.bulwark.server.config.BulwarkConfig;
import dev.bulwark.server.config.ConfigLoader;
import dev.bulwark.server.config.Settings;
import dev.bulwark.server.ops.Logging;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may touch: its streams, its environment and its working directory. Passed in rather than
 * taken from {@code System}, so that tests run the real commands in-process.
 */
public record CliContext(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment,
                         Path workingDirectory) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public CliContext {
        environment = Map.copyOf(environment);
    }

    BulwarkConfig loadConfig(Optional<Path> file) {
        return ConfigLoader.load(file, environment, workingDirectory);
    }

    /**
     * The server logs at its configured level to standard output. Other commands keep standard output for their
     * results and log to standard error, only warnings unless the configured level is debug.
     */
    void configureLogging(BulwarkConfig config, boolean server) {
        String level = config.get(Settings.LOGGING_LEVEL);
        if (server) {
            Logging.configure(config.get(Settings.LOGGING_FORMAT), level, out);
        } else {
            Logging.configure(config.get(Settings.LOGGING_FORMAT), "debug".equals(level) ? level : "warn", err);
        }
    }

    /** Loads the configuration and opens an existing installation for a command that is not the server. */
    Bulwark open(Optional<Path> file) {
        return open(file, Bulwark.Access.EXISTING_ONLY);
    }

    Bulwark open(Optional<Path> file, Bulwark.Access access) {
        BulwarkConfig config = loadConfig(file);
        configureLogging(config, false);
        return Bulwark.open(config, Clock.systemUTC(), access);
    }

    /** Who is acting, for the audit trail: the operating-system account running the command. */
    Actor actor() {
        return Actor.cli(System.getProperty("user.name", "unknown"));
    }

    void printJson(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
