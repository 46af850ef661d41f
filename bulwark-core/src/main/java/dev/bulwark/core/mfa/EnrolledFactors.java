package dev.bulwark.core.mfa;

import dev.bulwark.core.identity.UserId;
import java.util.Set;

/**
 * Which kinds of second factor a user has enrolled, in one lookup: every sign-in asks it of its user, to learn
 * whether a second factor can be asked for, and most users have none.
 */
public interface EnrolledFactors {

    /**
     * @return {@link FactorKind#TOTP} for a confirmed authenticator app, {@link FactorKind#RECOVERY_CODE} while an
     *         unused recovery code is left, {@link FactorKind#DEVICE_KEY} and {@link FactorKind#PASSKEY} for any
     *         registered one; nothing else
     */
    Set<FactorKind> kindsOf(UserId user);
}
