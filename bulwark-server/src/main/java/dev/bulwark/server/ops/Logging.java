package dev.bulwark.server.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Sets up logging in code rather than from a file found on the classpath: JSON lines (one object per event,
 * with the request id from the MDC) or plain text, to standard output for the server and to standard error
 * for CLI commands, whose standard output is reserved for their results. Logback's own status messages are
 * silenced; until this runs, {@link StartupLogging} sends warnings to standard error.
 */
public final class Logging {
    private Logging() {
    }

    /** Replaces whatever logging was set up with one appender writing to {@code target}. */
    public static void configure(String format, String level, OutputStream target) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();

        Encoder<ILoggingEvent> encoder;
        if ("json".equals(format)) {
            LogstashEncoder json = new LogstashEncoder();
            json.setContext(context);
            json.setIncludeCallerData(false);
            json.setIncludeContext(false);
            json.start();
            encoder = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(context);
            text.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} %X{request_id:-} - %msg%n%ex{short}");
            text.start();
            encoder = text;
        }
        OutputStreamAppender<ILoggingEvent> console = new OutputStreamAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder);
        console.setOutputStream(new FilterOutputStream(target) {
            @Override
            public void close() throws IOException {
                flush(); // a reset stops appenders, which must not close standard output
            }
        });
        console.setImmediateFlush(true);
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
        root.addAppender(console);
        // Libraries that are chatty at INFO about their own internals.
        for (String quiet : new String[] {"org.eclipse.jetty", "com.zaxxer.hikari", "org.flywaydb", "io.javalin"}) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }
    }
}
