package dev.bulwark.core.mfa;

import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.session.DeviceId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A P-256 public key that a native app made in Android Keystore or the Secure Enclave with user authentication
 * (a biometric) required, bound to the user and to the device it was registered from. The app proves possession by
 * signing a short-lived, single-use challenge after the biometric prompt.
 *
 * @param publicJwk the public key as a JWK (EC, P-256), as registered
 */
public record DeviceKey(String id, UserId userId, Optional<DeviceId> deviceId, String name, String publicJwk,
                        KeyProtection protection, Instant createdAt, Optional<Instant> lastUsedAt) {
    public DeviceKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publicJwk, "publicJwk");
        Objects.requireNonNull(protection, "protection");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    }
}
