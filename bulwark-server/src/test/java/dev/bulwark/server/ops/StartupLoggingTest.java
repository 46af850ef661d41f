package dev.bulwark.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class StartupLoggingTest {

    @Test
    void whenLogbackStartsThenItFindsTheServiceAndSendsOnlyWarningsToStandardError() throws Exception {
        var context = new LoggerContext();
        new ContextInitializer(context).autoConfig(); // what Logback does when the first logger is asked for

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("stderr")).isInstanceOfSatisfying(ConsoleAppender.class,
                appender -> assertThat(appender.getTarget()).isEqualTo("System.err"));
        context.stop();
    }
}
