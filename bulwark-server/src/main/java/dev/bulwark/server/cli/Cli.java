package dev.bulwark.server.cli;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.Violation;
import dev.bulwark.server.config.ConfigException;
import dev.bulwark.store.StoreException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs a {@code bulwark} command line and turns every outcome into an exit code and a message on standard
 * error: one line per problem, no stack traces for anything expected.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int INVALID_CONFIGURATION = 3;
    public static final int DATABASE_UNREACHABLE = 4;

    private Cli() {
    }

    public static int run(String[] args, CliContext context) {
        CommandLine commandLine = new CommandLine(BulwarkCommand.class, new ContextFactory(context));
        commandLine.setOut(new PrintWriter(context.out(), true));
        commandLine.setErr(new PrintWriter(context.err(), true));
        commandLine.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : FAILED);
        commandLine.setExecutionExceptionHandler((e, line, parseResult) -> failure(e, context));
        return commandLine.execute(args);
    }

    private static int failure(Exception e, CliContext context) {
        var err = context.err();
        if (e instanceof CommandLine.ParameterException usage) {
            err.println("bulwark: " + usage.getMessage());
            return USAGE;
        }
        if (e instanceof ConfigException config) {
            config.problems().forEach(problem -> err.println("bulwark: invalid configuration: " + problem));
            return INVALID_CONFIGURATION;
        }
        if (e instanceof StoreException store) {
            err.println("bulwark: " + store.getMessage());
            return DATABASE_UNREACHABLE;
        }
        if (e instanceof DomainException refused) {
            err.println("bulwark: " + refused.detail());
            for (Violation violation : refused.violations()) {
                if (!violation.message().equals(refused.detail())) {
                    err.println("  - " + violation.message());
                }
            }
            return FAILED;
        }
        LoggerFactory.getLogger(Cli.class).debug("command failed", e);
        err.println("bulwark: failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")));
        return FAILED;
    }

    /** Creates commands with the context they need, so nothing reaches for System.in/out/err or getenv. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
                constructor.setAccessible(true);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException noContext) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
