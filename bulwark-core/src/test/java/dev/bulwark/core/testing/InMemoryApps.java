package dev.bulwark.core.testing;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.AppRepository;
import dev.bulwark.core.app.ClientId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** A test double of the app store. */
public final class InMemoryApps implements AppRepository {
    private final ConcurrentSkipListMap<String, App> apps = new ConcurrentSkipListMap<>();

    @Override
    public void insert(App app) {
        if (apps.putIfAbsent(app.clientId().value(), app) != null) {
            throw new DomainException(ErrorCode.CONFLICT, "That client id is already taken.");
        }
    }

    @Override
    public boolean update(App app) {
        return apps.replace(app.clientId().value(), app) != null;
    }

    @Override
    public boolean delete(ClientId clientId) {
        return apps.remove(clientId.value()) != null;
    }

    @Override
    public Optional<App> find(ClientId clientId) {
        return Optional.ofNullable(apps.get(clientId.value()));
    }

    @Override
    public List<App> list() {
        return List.copyOf(apps.values());
    }
}
