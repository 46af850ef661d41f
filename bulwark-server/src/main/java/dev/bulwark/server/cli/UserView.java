package dev.bulwark.server.cli;

import dev.bulwark.core.identity.EmailAddress;
import dev.bulwark.core.identity.PasswordStatus;
import dev.bulwark.core.identity.PhoneNumber;
import dev.bulwark.core.identity.Role;
import dev.bulwark.core.identity.User;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** How a user is shown: as one JSON object, or as one line of text. Never with a password hash. */
final class UserView {
    private UserView() {
    }

    static Map<String, Object> json(User user, Optional<PasswordStatus> password) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id().toString());
        json.put("username", user.username().value());
        json.put("email", user.email().map(EmailAddress::value).orElse(null));
        json.put("phone", user.phone().map(PhoneNumber::value).orElse(null));
        json.put("status", user.status().name().toLowerCase(Locale.ROOT));
        json.put("roles", user.roles().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().toList());
        json.put("created_at", user.createdAt().toString());
        json.put("updated_at", user.updatedAt().toString());
        Map<String, Object> passwordJson = new LinkedHashMap<>();
        passwordJson.put("set", password.isPresent());
        password.ifPresent(p -> {
            passwordJson.put("changed_at", p.changedAt().toString());
            passwordJson.put("must_change", p.mustChange());
        });
        json.put("password", passwordJson);
        return json;
    }

    static String line(User user) {
        return String.format("%-36s  %-24s  %-8s  %-6s  %s", user.id(), user.username().value(),
                user.status().name().toLowerCase(Locale.ROOT),
                user.hasRole(Role.ADMIN) ? "admin" : "-", user.email().map(EmailAddress::value).orElse("-"));
    }
}
