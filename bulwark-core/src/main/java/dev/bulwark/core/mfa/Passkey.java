package dev.bulwark.core.mfa;

import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A WebAuthn credential (a passkey) registered by a user.
 *
 * @param credentialId           base64url of the credential id
 * @param attestedCredentialData the AAGUID, credential id and COSE public key, as the authenticator gave them
 * @param signCount              the last signature counter seen (0: the authenticator does not count)
 * @param backupEligible         a multi-device (synced) passkey
 * @param attestationFormat      the attestation statement's format ({@code none} when not asked for)
 */
public record Passkey(String credentialId, UserId userId, String name, byte[] attestedCredentialData, long signCount,
                      boolean backupEligible, boolean backupState, List<String> transports, String attestationFormat,
                      Instant createdAt, Optional<Instant> lastUsedAt) {
    public Passkey {
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(name, "name");
        attestedCredentialData = attestedCredentialData.clone();
        transports = List.copyOf(transports);
        Objects.requireNonNull(attestationFormat, "attestationFormat");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    }

    @Override
    public byte[] attestedCredentialData() {
        return attestedCredentialData.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Passkey other && credentialId.equals(other.credentialId) && userId.equals(other.userId)
                && name.equals(other.name) && Arrays.equals(attestedCredentialData, other.attestedCredentialData)
                && signCount == other.signCount && backupEligible == other.backupEligible
                && backupState == other.backupState && transports.equals(other.transports)
                && attestationFormat.equals(other.attestationFormat) && createdAt.equals(other.createdAt)
                && lastUsedAt.equals(other.lastUsedAt);
    }

    @Override
    public int hashCode() {
        return credentialId.hashCode();
    }

    @Override
    public String toString() {
        return "Passkey[" + credentialId + ", " + userId + ", " + name + "]";
    }
}
