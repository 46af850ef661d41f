package dev.bulwark.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Tests skipped because something they need is missing from the machine (the shared vectors, a browser) are written
 * down, one line each, in the file the build names ({@code bulwark.skipReport}), so that the end of the build says
 * what did not run and why, and CI can refuse a run that skipped any. A skip must never pass in silence.
 */
public final class SkippedTests {
    private SkippedTests() {
    }

    /** Notes that the calling test is skipped, and why. */
    public static void record(String reason) {
        Optional<String> report = Optional.ofNullable(System.getProperty("bulwark.skipReport"));
        if (report.isEmpty()) {
            return; // run outside the build (an IDE): JUnit's own skip message says it
        }
        String test = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(name -> name.endsWith("Test") || name.endsWith("IT")).findFirst()).orElse("a test");
        String line = test.substring(test.lastIndexOf('.') + 1) + ": " + reason + System.lineSeparator();
        try {
            Path file = Path.of(report.get());
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot note a skipped test in " + report.get(), e);
        }
    }
}
