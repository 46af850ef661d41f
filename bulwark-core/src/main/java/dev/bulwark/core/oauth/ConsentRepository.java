package dev.bulwark.core.oauth;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.identity.UserId;
import java.util.List;
import java.util.Optional;

/** Port: users' consents to third-party apps, one per user and app. Never returns null. */
public interface ConsentRepository {

    Optional<Consent> find(UserId user, ClientId client);

    /** Stores the consent, replacing the user's earlier one to the same app. */
    void save(Consent consent);

    /** @return whether there was one to delete */
    boolean delete(UserId user, ClientId client);

    /** The user's consents, most recent first. */
    List<Consent> of(UserId user);
}
