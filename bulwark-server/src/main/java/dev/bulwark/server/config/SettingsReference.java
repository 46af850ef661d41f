package dev.bulwark.server.config;

/** Renders the settings catalogue as the Markdown table in docs/configuration.md, so the docs cannot drift. */
public final class SettingsReference {
    private SettingsReference() {
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| Setting | Environment variable | Default | Allowed | What it does |\n");
        out.append("| --- | --- | --- | --- | --- |\n");
        for (Setting<?> setting : Settings.ALL) {
            out.append("| `").append(setting.key()).append("` | `").append(setting.environmentVariable()).append("` | ")
                    .append(cell(setting.defaultText())).append(" | ").append(cell(setting.allowed())).append(" | ")
                    .append(cell(setting.description())).append(setting.secret() ? " **Secret**: never printed." : "")
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
