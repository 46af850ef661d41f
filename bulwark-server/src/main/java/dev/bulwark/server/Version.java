package dev.bulwark.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Bulwark's version, written into the jar by the build. */
public final class Version {
    private Version() {
    }

    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("/bulwark-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
