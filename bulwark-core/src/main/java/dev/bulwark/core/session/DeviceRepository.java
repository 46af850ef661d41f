package dev.bulwark.core.session;

import dev.bulwark.core.identity.UserId;
import java.util.List;
import java.util.Optional;

/** Port: users' devices. Never returns null. */
public interface DeviceRepository {

    Optional<Device> find(DeviceId id);

    Optional<Device> findByInstallation(UserId userId, String installationId);

    void insert(Device device);

    void update(Device device);

    /** The user's devices, most recently seen first. */
    List<Device> of(UserId userId);
}
