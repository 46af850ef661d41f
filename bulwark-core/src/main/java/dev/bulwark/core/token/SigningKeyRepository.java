package dev.bulwark.core.token;

import java.util.List;

/** Port: token-signing keys. Never returns null. */
public interface SigningKeyRepository {

    /** Every stored key, oldest first. */
    List<SigningKey> list();

    void insert(SigningKey key);

    /** Stores the key's new state and times. */
    void update(SigningKey key);

    void delete(String kid);
}
