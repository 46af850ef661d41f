package dev.bulwark.core.testing;

import dev.bulwark.core.crypto.PasswordHash;
import dev.bulwark.core.identity.PasswordCredential;
import dev.bulwark.core.identity.PasswordCredentialRepository;
import dev.bulwark.core.identity.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A test double of the password store. */
public final class InMemoryPasswordCredentials implements PasswordCredentialRepository {
    private final Map<UserId, PasswordCredential> current = new ConcurrentHashMap<>();
    private final Map<UserId, List<PasswordHash>> history = new ConcurrentHashMap<>();

    @Override
    public Optional<PasswordCredential> find(UserId userId) {
        return Optional.ofNullable(current.get(userId));
    }

    @Override
    public void save(PasswordCredential credential) {
        current.put(credential.userId(), credential);
    }

    @Override
    public synchronized boolean replaceIfUnchanged(PasswordCredential expected, PasswordCredential replacement) {
        PasswordCredential stored = current.get(expected.userId());
        if (stored == null || !stored.hash().encoded().equals(expected.hash().encoded())) {
            return false;
        }
        current.put(replacement.userId(), replacement);
        return true;
    }

    @Override
    public synchronized void retire(PasswordCredential superseded, int keep) {
        List<PasswordHash> hashes = history.computeIfAbsent(superseded.userId(), id -> new ArrayList<>());
        hashes.add(0, superseded.hash());
        while (hashes.size() > keep) {
            hashes.remove(hashes.size() - 1);
        }
    }

    @Override
    public List<PasswordHash> history(UserId userId, int limit) {
        return history.getOrDefault(userId, List.of()).stream().limit(limit).toList();
    }
}
