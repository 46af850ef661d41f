package dev.bulwark.server.ops;

import dev.bulwark.server.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file holding a key must be readable by its owner only. Production refuses a key file that other accounts
 * on the machine can read; development warns. Where the file system has no POSIX permissions, nothing is
 * checked.
 */
public final class KeyFilePermissions {
    private static final Logger LOG = LoggerFactory.getLogger(KeyFilePermissions.class);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private KeyFilePermissions() {
    }

    /** @param setting the setting that names the file, for the message */
    public static void check(Path file, String setting, boolean production) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException notPosix) {
            return;
        }
        if (permissions.stream().noneMatch(OTHERS::contains)) {
            return;
        }
        String problem = setting + ": " + file + " can be read by other accounts (mode "
                + PosixFilePermissions.toString(permissions) + "); allowed: owner-only access (chmod 600)";
        if (production) {
            throw new ConfigException(List.of(problem));
        }
        LOG.warn("{}", problem);
    }
}
