package dev.bulwark.server.config;

import java.util.List;

/**
 * The configuration cannot be used. Each problem is one line that names the setting, what is wrong with
 * its value (never echoing a secret) and what is allowed.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
