package dev.bulwark.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md must list every setting exactly as the code defines it. */
class ConfigurationDocsTest {
    private static final String BEGIN = "<!-- settings-reference:begin";
    private static final String END = "<!-- settings-reference:end -->";

    @Test
    void whenSettingsChangeThenTheReferenceTableMustBeRegenerated() throws Exception {
        Path docs = Path.of("..", "docs", "configuration.md"); // tests run in the module's directory
        String text = Files.readString(docs);
        int begin = text.indexOf('\n', text.indexOf(BEGIN)) + 1;
        int end = text.indexOf(END);
        String expected = SettingsReference.markdown();
        String regenerated = text.substring(0, begin) + expected + text.substring(end);
        Files.writeString(Path.of("target", "configuration.md"), regenerated);

        assertThat(text.substring(begin, end))
                .as("docs/configuration.md is out of date; copy bulwark-server/target/configuration.md over it")
                .isEqualTo(expected);
    }
}
