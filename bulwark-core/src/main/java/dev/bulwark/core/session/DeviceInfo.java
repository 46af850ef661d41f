package dev.bulwark.core.session;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import java.util.Objects;
import java.util.Optional;

/**
 * What an app says about the device it runs on, when it signs in: its own stable identifier for the installation
 * ({@code device_id}), and names to show the user in their device list. Self-reported, so shown, never trusted.
 * Each value is 1 to 100 printable characters.
 */
public record DeviceInfo(Optional<String> installationId, Optional<String> name, Optional<String> model,
                         Optional<String> os, Optional<String> appVersion) {
    public static final DeviceInfo NONE = new DeviceInfo(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public DeviceInfo {
        check(installationId, "device_id");
        check(name, "device_name");
        check(model, "device_model");
        check(os, "device_os");
        check(appVersion, "app_version");
    }

    private static void check(Optional<String> value, String field) {
        Objects.requireNonNull(value, field);
        value.ifPresent(text -> {
            if (text.isBlank() || text.length() > 100 || text.codePoints().anyMatch(Character::isISOControl)) {
                throw new DomainException(ErrorCode.INVALID_REQUEST, field + " must be 1 to 100 printable characters.");
            }
        });
    }
}
