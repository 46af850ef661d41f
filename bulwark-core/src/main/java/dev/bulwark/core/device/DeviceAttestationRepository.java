package dev.bulwark.core.device;

import java.util.Optional;

/** Port: attested keys, by JWK thumbprint. */
public interface DeviceAttestationRepository {

    /** Stores the attestation, replacing an earlier one of the same key. */
    void save(DeviceAttestation attestation);

    Optional<DeviceAttestation> find(String keyThumbprint);

    /**
     * Forgets the attestations made before {@code attestedBefore} that no unrevoked session is bound to.
     *
     * @return how many were forgotten
     */
    int deleteUnused(java.time.Instant attestedBefore);
}
