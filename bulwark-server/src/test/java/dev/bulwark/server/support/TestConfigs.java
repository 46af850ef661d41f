package dev.bulwark.server.support;

import dev.bulwark.server.config.BulwarkConfig;
import dev.bulwark.server.config.ConfigLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Configurations for tests: a private data directory, any free port, and cheap Argon2id so tests stay fast. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static Map<String, String> environment(Path directory, String... overrides) {
        Map<String, String> environment = new HashMap<>();
        environment.put("BULWARK_DATA_DIR", directory.resolve("data").toString());
        environment.put("BULWARK_SERVER_PORT", "0");
        environment.put("BULWARK_PASSWORDS_ARGON2_MEMORY_KIB", "64");
        environment.put("BULWARK_PASSWORDS_ARGON2_ITERATIONS", "1");
        environment.put("BULWARK_SERVER_SHUTDOWN_GRACE", "2s");
        for (int i = 0; i < overrides.length; i += 2) {
            environment.put(overrides[i], overrides[i + 1]);
        }
        return environment;
    }

    public static BulwarkConfig config(Path directory, String... overrides) {
        return ConfigLoader.load(Optional.empty(), environment(directory, overrides), directory);
    }
}
