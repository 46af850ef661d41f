package dev.bulwark.core.app;

import java.util.List;
import java.util.Optional;

/** Port: registered apps. Never returns null. */
public interface AppRepository {

    /** @throws dev.bulwark.core.DomainException with {@code CONFLICT} when the client id is taken */
    void insert(App app);

    /** Replaces the stored app with the same client id; returns false when there is none. */
    boolean update(App app);

    boolean delete(ClientId clientId);

    Optional<App> find(ClientId clientId);

    /** Every app, ordered by client id. */
    List<App> list();
}
