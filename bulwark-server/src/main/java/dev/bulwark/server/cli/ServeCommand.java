package dev.bulwark.server.cli;

import dev.bulwark.server.BulwarkServer;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run Bulwark until stopped (Ctrl-C or SIGTERM stop it gracefully).")
final class ServeCommand implements Callable<Integer> {
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
        BulwarkServer server = BulwarkServer.start(configuration, Clock.systemUTC(), context.err());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "bulwark-shutdown"));
        stopped.await();
        return 0;
    }
}
