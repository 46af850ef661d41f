package dev.bulwark.core.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A person who signs in to the apps that Bulwark protects. Immutable; changes make a new value. */
public record User(UserId id, Username username, Optional<EmailAddress> email, Optional<PhoneNumber> phone,
                   UserStatus status, Set<Role> roles, Instant createdAt, Instant updatedAt) {
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(status, "status");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public boolean isActive() {
        return status == UserStatus.ACTIVE;
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    public User withStatus(UserStatus newStatus, Instant at) {
        return new User(id, username, email, phone, newStatus, roles, createdAt, at);
    }
}
