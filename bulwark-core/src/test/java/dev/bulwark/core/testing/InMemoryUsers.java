package dev.bulwark.core.testing;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.identity.EmailAddress;
import dev.bulwark.core.identity.Role;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.identity.UserRepository;
import dev.bulwark.core.identity.Username;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A test double of the user store, with the same uniqueness rules as the real ones. */
public final class InMemoryUsers implements UserRepository {
    private final Map<UserId, User> users = new ConcurrentHashMap<>();

    @Override
    public synchronized void insert(User user) {
        boolean taken = users.values().stream().anyMatch(u -> u.username().key().equals(user.username().key())
                || u.email().isPresent() && user.email().isPresent()
                && u.email().get().key().equals(user.email().get().key()));
        if (taken || users.containsKey(user.id())) {
            throw new DomainException(ErrorCode.CONFLICT, "The username or email address is already in use.");
        }
        users.put(user.id(), user);
    }

    @Override
    public boolean update(User user) {
        return users.replace(user.id(), user) != null;
    }

    @Override
    public boolean delete(UserId id) {
        return users.remove(id) != null;
    }

    @Override
    public Optional<User> findById(UserId id) {
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public Optional<User> findByUsername(Username username) {
        return users.values().stream().filter(u -> u.username().key().equals(username.key())).findFirst();
    }

    @Override
    public Optional<User> findByEmail(EmailAddress email) {
        return users.values().stream().filter(u -> u.email().map(e -> e.key().equals(email.key())).orElse(false))
                .findFirst();
    }

    @Override
    public List<User> list(int offset, int limit) {
        return users.values().stream().sorted(Comparator.comparing(u -> u.username().key())).skip(offset).limit(limit)
                .toList();
    }

    @Override
    public boolean anyWithRole(Role role) {
        return users.values().stream().anyMatch(u -> u.hasRole(role));
    }
}
