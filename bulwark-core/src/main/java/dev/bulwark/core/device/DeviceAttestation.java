package dev.bulwark.core.device;

import dev.bulwark.core.app.ClientId;
import java.time.Instant;
import java.util.Objects;

/**
 * An attested key: its JWK thumbprint (RFC 7638, the {@code jkt} its DPoP proofs carry), the app it was attested
 * for, the verdict, and when. Sessions bound to this key are judged by this verdict at every refresh.
 */
public record DeviceAttestation(String keyThumbprint, ClientId clientId, DeviceIntegrity integrity,
                                Instant attestedAt) {
    public DeviceAttestation {
        Objects.requireNonNull(keyThumbprint, "keyThumbprint");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(attestedAt, "attestedAt");
    }
}
