package dev.bulwark.core.identity;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** What is needed to create a user. */
public record NewUser(Username username, Optional<EmailAddress> email, Optional<PhoneNumber> phone, Set<Role> roles) {
    public NewUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(phone, "phone");
        roles = Set.copyOf(roles);
    }

    public static NewUser named(Username username) {
        return new NewUser(username, Optional.empty(), Optional.empty(), Set.of());
    }
}
