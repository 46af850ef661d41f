package dev.bulwark.core.mfa;

import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.List;

/** Port: users' recovery codes, as digests only. Never returns null. */
public interface RecoveryCodeRepository {

    /** Voids the user's codes and stores a new set. */
    void replace(UserId user, List<String> digests, Instant at);

    /** Marks the code used; returns whether it was the user's and unused (a compare-and-set). */
    boolean use(UserId user, String digest, Instant at);

    /** How many of the user's codes are unused. */
    int remaining(UserId user);
}
