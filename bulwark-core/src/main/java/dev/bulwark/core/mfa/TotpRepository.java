package dev.bulwark.core.mfa;

import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.List;

/** Port: users' authenticator apps. Never returns null. */
public interface TotpRepository {

    void insert(TotpFactor factor);

    /** The user's factors, confirmed or not, oldest first. */
    List<TotpFactor> of(UserId user);

    /** Marks the factor confirmed and its first code used; returns whether it was still unconfirmed. */
    boolean confirm(String id, Instant at, long step);

    /**
     * Records that the code of {@code step} was accepted, only if no code of this or a later step was: the
     * compare-and-set that makes a code usable once even when two requests race (on one node or several).
     */
    boolean use(String id, long step);

    /** Returns whether the factor existed and belonged to the user. */
    boolean delete(UserId user, String id);

    /** Forgets the user's unconfirmed factors. */
    void deleteUnconfirmed(UserId user);
}
