package dev.bulwark.store;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.device.DeviceAttestation;
import dev.bulwark.core.device.DeviceAttestationRepository;
import dev.bulwark.core.device.DeviceIntegrity;
import dev.bulwark.core.device.RootOfTrust;
import dev.bulwark.core.mfa.KeyProtection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.StatementContext;

/** Verdicts of attested keys; packages are stored as {@code name:version} words, digests as hex words. */
final class JdbiDeviceAttestationRepository implements DeviceAttestationRepository {
    private static final String COLUMNS = "key_thumbprint, client_id, evidence, key_protection, verified_boot, "
            + "bootloader_locked, emulator, os_patch_level, app_packages, signing_certificates, user_auth_bound, "
            + "attested_at";

    private final JdbiTransactions transactions;

    JdbiDeviceAttestationRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void save(DeviceAttestation attestation) {
        DeviceIntegrity integrity = attestation.integrity();
        // One upsert, so that two nodes saving the same key at once cannot trip over the primary key.
        transactions.write(handle -> handle.createUpdate("INSERT INTO device_attestations (" + COLUMNS + ") VALUES "
                        + "(:key, :client, :evidence, :protection, :boot, :locked, :emulator, :patch, :packages, "
                        + ":certificates, :userAuth, :at) ON CONFLICT (key_thumbprint) DO UPDATE SET "
                        + "client_id = excluded.client_id, evidence = excluded.evidence, "
                        + "key_protection = excluded.key_protection, verified_boot = excluded.verified_boot, "
                        + "bootloader_locked = excluded.bootloader_locked, emulator = excluded.emulator, "
                        + "os_patch_level = excluded.os_patch_level, app_packages = excluded.app_packages, "
                        + "signing_certificates = excluded.signing_certificates, "
                        + "user_auth_bound = excluded.user_auth_bound, attested_at = excluded.attested_at")
                .bind("key", attestation.keyThumbprint())
                .bind("client", attestation.clientId().value())
                .bind("evidence", integrity.evidence().name())
                .bind("protection", integrity.keyProtection().name())
                .bind("boot", integrity.verifiedBoot().map(Enum::name).orElse(null))
                .bind("locked", integrity.bootloaderLocked().orElse(null))
                .bind("emulator", integrity.emulator())
                .bind("patch", integrity.osPatchLevel().orElse(null))
                .bind("packages", Columns.joined(new TreeMap<>(integrity.appPackages()).entrySet().stream()
                        .map(p -> p.getKey() + ":" + p.getValue()).toList()))
                .bind("certificates", Columns.joined(integrity.signingCertificates().stream().sorted().toList()))
                .bind("userAuth", integrity.userAuthBound())
                .bind("at", attestation.attestedAt().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<DeviceAttestation> find(String keyThumbprint) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM device_attestations "
                        + "WHERE key_thumbprint = :key")
                .bind("key", keyThumbprint).map(JdbiDeviceAttestationRepository::attestation).findOne());
    }

    @Override
    public int deleteUnused(java.time.Instant attestedBefore) {
        return transactions.write(handle -> handle.createUpdate("DELETE FROM device_attestations WHERE attested_at < "
                        + ":before AND NOT EXISTS (SELECT 1 FROM sessions WHERE sessions.dpop_jkt = "
                        + "device_attestations.key_thumbprint AND sessions.revoked_at IS NULL)")
                .bind("before", attestedBefore.toEpochMilli()).execute());
    }

    private static DeviceAttestation attestation(ResultSet rs, StatementContext context) throws SQLException {
        Map<String, Long> packages = new HashMap<>();
        for (String word : Columns.words(rs.getString("app_packages"))) {
            int colon = word.lastIndexOf(':');
            packages.put(word.substring(0, colon), Long.parseLong(word.substring(colon + 1)));
        }
        boolean locked = rs.getBoolean("bootloader_locked");
        Optional<Boolean> bootloaderLocked = rs.wasNull() ? Optional.empty() : Optional.of(locked);
        int patch = rs.getInt("os_patch_level");
        Optional<Integer> osPatchLevel = rs.wasNull() ? Optional.empty() : Optional.of(patch);
        return new DeviceAttestation(rs.getString("key_thumbprint"), new ClientId(rs.getString("client_id")),
                new DeviceIntegrity(DeviceIntegrity.Evidence.valueOf(rs.getString("evidence")),
                        KeyProtection.valueOf(rs.getString("key_protection")),
                        Columns.optionalText(rs, "verified_boot").map(RootOfTrust.VerifiedBootState::valueOf),
                        bootloaderLocked, rs.getBoolean("emulator"), osPatchLevel, packages,
                        new HashSet<>(Columns.words(rs.getString("signing_certificates"))).stream()
                                .collect(Collectors.toSet()),
                        rs.getBoolean("user_auth_bound")),
                Columns.instant(rs, "attested_at"));
    }
}
