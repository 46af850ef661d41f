package dev.bulwark.core.session;

import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A device a user signed in on, as the user's device list shows it.
 *
 * @param installationId the app's identifier of its installation, or one Bulwark generated when the app sent none
 * @param lastIp         the client address of the latest sign-in or refresh
 */
public record Device(DeviceId id, UserId userId, String installationId, Optional<String> name, Optional<String> model,
                     Optional<String> os, Optional<String> appVersion, Instant firstSeen, Instant lastSeen,
                     Optional<String> lastIp) {
    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(installationId, "installationId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(appVersion, "appVersion");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(lastIp, "lastIp");
    }

    /** The device seen again: newer names win, older ones stay where the app sent none. */
    public Device seen(DeviceInfo info, Instant at, Optional<String> ip) {
        return new Device(id, userId, installationId, info.name().or(() -> name), info.model().or(() -> model),
                info.os().or(() -> os), info.appVersion().or(() -> appVersion), firstSeen, at, ip.or(() -> lastIp));
    }
}
