package dev.bulwark.server;

import dev.bulwark.core.crypto.MasterKey;
import dev.bulwark.core.crypto.SecretBytes;
import dev.bulwark.server.config.BulwarkConfig;
import dev.bulwark.server.config.ConfigException;
import dev.bulwark.server.config.Settings;
import dev.bulwark.server.ops.KeyFilePermissions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Finds the master key: from {@code secrets.masterKey}, from {@code secrets.masterKeyFile}, or, in development
 * mode only, from {@code DATADIR/dev-master.key}, generated on first start with owner-only permissions.
 */
final class MasterKeySource {
    static final String DEVELOPMENT_KEY_FILE = "dev-master.key";

    private MasterKeySource() {
    }

    /**
     * @param mayCreate whether a missing development key may be generated; commands that only read must not,
     *                  or they would silently start a new, unverifiable audit chain
     */
    static MasterKey resolve(BulwarkConfig config, SecureRandom random, boolean mayCreate) {
        var inline = config.get(Settings.SECRETS_MASTER_KEY);
        if (inline.isPresent()) {
            return MasterKey.of(decode(inline.get(), "secrets.masterKey"));
        }
        var file = config.get(Settings.SECRETS_MASTER_KEY_FILE);
        if (file.isPresent()) {
            KeyFilePermissions.check(file.get(), "secrets.masterKeyFile", config.production());
            return MasterKey.of(decode(read(file.get()), "secrets.masterKeyFile"));
        }
        if (config.production()) {
            throw new ConfigException(List.of("secrets.masterKey: production refuses generated development keys"));
        }
        Path generated = config.get(Settings.DATA_DIR).resolve(DEVELOPMENT_KEY_FILE);
        if (!Files.exists(generated)) {
            if (!mayCreate) {
                throw new ConfigException(List.of("secrets.masterKey: not set, and there is no development key at "
                        + generated + "; allowed: run where Bulwark runs (or pass its --config), or set the key"));
            }
            create(generated, MasterKey.generate(random));
        }
        KeyFilePermissions.check(generated, "the development master key", false);
        return MasterKey.development(decode(read(generated), generated.toString()));
    }

    /** Writes a temporary file, then links it into place: atomic, and a concurrent start keeps the first key. */
    private static void create(Path file, SecretBytes key) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary;
            try {
                temporary = Files.createTempFile(file.getParent(), ".dev-master", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                temporary = Files.createTempFile(file.getParent(), ".dev-master", ".tmp");
            }
            try {
                Files.writeString(temporary, Base64.getEncoder().encodeToString(key.reveal()) + "\n",
                        StandardCharsets.US_ASCII);
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first; use theirs.
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the development key " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot be read (" + e.getMessage() + ")"));
        }
    }

    private static SecretBytes decode(String base64, String where) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64.strip());
            if (bytes.length == MasterKey.LENGTH) {
                return SecretBytes.copyOf(bytes);
            }
        } catch (IllegalArgumentException e) {
            // reported below, without the value
        }
        throw new ConfigException(List.of(where + ": the value is not the base64 of 32 bytes; allowed: the output of "
                + "openssl rand -base64 32"));
    }
}
