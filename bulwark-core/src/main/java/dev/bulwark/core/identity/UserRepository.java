package dev.bulwark.core.identity;

import java.util.List;
import java.util.Optional;

/** Port: where users live. Never returns null. Lookups by username and email use their case-insensitive keys. */
public interface UserRepository {

    /**
     * Stores a new user.
     *
     * @throws dev.bulwark.core.DomainException with {@code CONFLICT} when the username or email is taken
     */
    void insert(User user);

    /** Replaces the stored user with the same id; returns false when there is none. */
    boolean update(User user);

    /** Deletes the user and, through the store's cascade, their credentials; returns false when there was none. */
    boolean delete(UserId id);

    Optional<User> findById(UserId id);

    Optional<User> findByUsername(Username username);

    Optional<User> findByEmail(EmailAddress email);

    /** Users ordered by username key, for listing. */
    List<User> list(int offset, int limit);

    boolean anyWithRole(Role role);
}
