package dev.bulwark.core.identity;

import dev.bulwark.core.crypto.PasswordHash;
import java.util.List;
import java.util.Optional;

/** Port: password hashes, current and past. Never returns null. */
public interface PasswordCredentialRepository {

    Optional<PasswordCredential> find(UserId userId);

    /** Stores the user's current password, replacing any previous one. */
    void save(PasswordCredential credential);

    /**
     * Replaces the user's password only if it is still {@code expected}: a compare-and-set, so that upgrading a
     * hash can never overwrite a password changed in the meantime.
     *
     * @return whether it was replaced
     */
    boolean replaceIfUnchanged(PasswordCredential expected, PasswordCredential replacement);

    /** Keeps a superseded hash in the user's history, keeping only the newest {@code keep} entries. */
    void retire(PasswordCredential superseded, int keep);

    /** The user's previous hashes, newest first, at most {@code limit}. */
    List<PasswordHash> history(UserId userId, int limit);
}
