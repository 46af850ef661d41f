package dev.bulwark.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The public vectors in ../shared/testdata, beside the project on every machine here and in CI. They are read in
 * place, never copied into the project. When they are absent the test says so and is skipped.
 */
public final class SharedTestData {
    private SharedTestData() {
    }

    public static Path file(String relative) {
        Path root = Path.of(System.getProperty("bulwark.testdata", "../../shared/testdata"));
        Path file = root.resolve(relative);
        if (!Files.isRegularFile(file)) {
            String reason = "shared test data absent: " + file.toAbsolutePath().normalize()
                    + " (expected ../shared/testdata beside the project)";
            SkippedTests.record(reason);
            assumeTrue(false, reason);
        }
        return file;
    }
}
