package dev.bulwark.core.identity;

import dev.bulwark.core.crypto.PasswordHash;
import java.util.List;
import java.util.Optional;

/** Port: password hashes, current and past. Never returns null. */
public interface PasswordCredentialRepository {

    Optional<PasswordCredential> find(UserId userId);

    /** Stores the user's current password, replacing any previous one. */
    void save(PasswordCredential credential);

    /** Keeps a superseded hash in the user's history, keeping only the newest {@code keep} entries. */
    void retire(PasswordCredential superseded, int keep);

    /** The user's previous hashes, newest first, at most {@code limit}. */
    List<PasswordHash> history(UserId userId, int limit);
}
