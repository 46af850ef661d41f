package dev.bulwark.core.testing;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.token.SigningKey;
import dev.bulwark.core.token.SigningKeyRepository;
import java.util.ArrayList;
import java.util.List;

/** A test double of the signing-key store, with its rule of one active and one next key per algorithm. */
public final class InMemorySigningKeys implements SigningKeyRepository {
    private final List<SigningKey> keys = new ArrayList<>();

    @Override
    public synchronized List<SigningKey> list() {
        return List.copyOf(keys);
    }

    @Override
    public synchronized void insert(SigningKey key) {
        if (key.state() != SigningKey.State.RETIRED && keys.stream().anyMatch(k -> k.algorithm() == key.algorithm()
                && k.state() == key.state())) {
            throw new DomainException(ErrorCode.CONFLICT, "one " + key.state() + " key per algorithm");
        }
        keys.add(key);
    }

    @Override
    public synchronized void update(SigningKey key) {
        keys.replaceAll(k -> k.kid().equals(key.kid()) ? key : k);
    }

    @Override
    public synchronized void delete(String kid) {
        keys.removeIf(k -> k.kid().equals(kid));
    }
}
