package dev.bulwark.core.mfa;

import java.time.Instant;
import java.util.Optional;

/** Port: codes sent to users, by attempt. Never returns null. */
public interface OneTimeCodeRepository {

    Optional<OneTimeCode> find(String attempt);

    /** Stores the code of an attempt, replacing an earlier one. */
    void save(OneTimeCode code);

    /** Counts a wrong code; returns the failures now recorded. */
    int fail(String attempt);

    /** Marks the code used; returns whether it was still unused (a compare-and-set). */
    boolean use(String attempt, String mac, Instant at);

    void deleteExpired(Instant before);
}
