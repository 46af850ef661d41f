package dev.bulwark.server.http;

import dev.bulwark.core.account.AccountService;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.session.Device;
import dev.bulwark.core.session.SessionId;
import java.util.LinkedHashMap;
import java.util.List;
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
