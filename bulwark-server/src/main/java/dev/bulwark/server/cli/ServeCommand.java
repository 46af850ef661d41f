package dev.bulwark.server.cli;

import dev.bulwark.server.BulwarkServer;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run Bulwark until stopped (Ctrl-C or SIGTERM stop it gracefully).")
final class ServeCommand implements Callable<Integer> {
    private static final int START_TIMEOUT_SECONDS = 60;

    private final CliContext context;

    @Mixin
    ConfigFileOption config;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        var configuration = context.loadConfig(config.file());
        context.configureLogging(configuration, true);
        // The hook is in place before the server listens, and waits for a start in progress, so that a SIGTERM
        // at any moment stops the server gracefully.
        CompletableFuture<BulwarkServer> started = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS).close();
            } catch (ExecutionException | TimeoutException | InterruptedException notStarted) {
                // nothing to stop
            } finally {
                stopped.countDown();
            }
        }, "bulwark-shutdown"));
        try {
            started.complete(BulwarkServer.start(configuration, Clock.systemUTC(), context.err()));
        } catch (RuntimeException | Error e) {
            started.completeExceptionally(e); // the shutdown hook then has nothing to wait for
            throw e;
        }
        stopped.await();
        return 0;
    }
}
