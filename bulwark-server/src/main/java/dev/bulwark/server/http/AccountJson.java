package dev.bulwark.server.http;

import dev.bulwark.core.account.AccountService;
import dev.bulwark.core.device.DeviceIntegrity;
import dev.bulwark.core.device.DeviceReason;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.oauth.DeviceTrust;
import dev.bulwark.core.session.Device;
import dev.bulwark.core.session.SessionId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of devices, sessions and users on the account and admin APIs. Times are epoch seconds. */
final class AccountJson {
    private AccountJson() {
    }

    static Map<String, Object> devices(List<AccountService.DeviceSessions> devices, Optional<SessionId> current) {
        return Map.of("devices", devices.stream().map(d -> device(d, current)).toList());
    }

    static Map<String, Object> sessions(List<AccountService.LiveSession> sessions, Optional<SessionId> current) {
        return Map.of("sessions", sessions.stream().map(s -> session(s, current)).toList());
    }

    private static Map<String, Object> device(AccountService.DeviceSessions entry, Optional<SessionId> current) {
        Device device = entry.device();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", device.id().value());
        json.put("installation_id", device.installationId());
        device.name().ifPresent(v -> json.put("name", v));
        device.model().ifPresent(v -> json.put("model", v));
        device.os().ifPresent(v -> json.put("os", v));
        device.appVersion().ifPresent(v -> json.put("app_version", v));
        json.put("first_seen", device.firstSeen().getEpochSecond());
        json.put("last_seen", device.lastSeen().getEpochSecond());
        device.lastIp().ifPresent(v -> json.put("last_ip", v));
        json.put("sessions", entry.sessions().stream().map(s -> session(s, current)).toList());
        return json;
    }

    private static Map<String, Object> session(AccountService.LiveSession live, Optional<SessionId> current) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", live.session().id().value());
        json.put("device_id", live.session().deviceId().value());
        json.put("client_id", live.session().clientId().value());
        json.put("app", live.appName());
        json.put("created_at", live.session().createdAt().getEpochSecond());
        json.put("last_used_at", live.session().lastActiveAt().getEpochSecond());
        json.put("expires_at", live.expiresAt().getEpochSecond());
        json.put("auth_time", live.session().authTime().getEpochSecond());
        json.put("amr", live.session().amr());
        json.put("current", current.map(live.session().id()::equals).orElse(false));
        live.device().ifPresent(verdict -> json.put("device_integrity", integrity(verdict)));
        return json;
    }

    /** The verdict on the session's attested key, and the reasons it falls short of the app's policy today. */
    private static Map<String, Object> integrity(DeviceTrust.Verdict verdict) {
        DeviceIntegrity integrity = verdict.attestation().integrity();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("evidence", integrity.evidence().format());
        json.put("key_protection", integrity.keyProtection().name().toLowerCase(Locale.ROOT));
        integrity.verifiedBoot().ifPresent(state -> json.put("verified_boot", state.name().toLowerCase(Locale.ROOT)));
        integrity.bootloaderLocked().ifPresent(locked -> json.put("bootloader_locked", locked));
        json.put("emulator", integrity.emulator());
        integrity.osPatchLevel().ifPresent(level -> json.put("os_patch_level", level));
        json.put("attested_at", verdict.attestation().attestedAt().getEpochSecond());
        json.put("meets_policy", verdict.reasons().isEmpty());
        json.put("reasons", verdict.reasons().stream().map(DeviceReason::code).toList());
        return json;
    }

    static Map<String, Object> user(User user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id().toString());
        json.put("username", user.username().value());
        json.put("status", user.status().name().toLowerCase(java.util.Locale.ROOT));
        return json;
    }
}
