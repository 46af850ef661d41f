package dev.bulwark.core.identity;

import java.time.Duration;
import java.util.Objects;

/**
 * The rules a new password must meet (NIST SP 800-63B §3.1.1.2 and OWASP ASVS 5.0 V6.2).
 *
 * @param minLength   fewest code points; default 12, at least 8
 * @param maxLength   most code points; default 128, at least 64 so that passphrases fit
 * @param minScore    lowest zxcvbn score (0 to 4) accepted; default 3
 * @param blocklist   the operator's refused passwords, on top of zxcvbn's dictionaries
 * @param maxAge      how long a password lasts before it must be renewed; {@link Duration#ZERO}, the default,
 *                    means never, as NIST advises
 * @param historySize how many previous passwords may not be reused; default 0
 */
public record PasswordPolicy(int minLength, int maxLength, int minScore, PasswordBlocklist blocklist,
                             Duration maxAge, int historySize) {
    public static final PasswordPolicy DEFAULT =
            new PasswordPolicy(12, 128, 3, PasswordBlocklist.EMPTY, Duration.ZERO, 0);

    public PasswordPolicy {
        if (minLength < 8) {
            throw new IllegalArgumentException("minLength must be at least 8");
        }
        if (maxLength < 64 || maxLength < minLength || maxLength > 1024) {
            throw new IllegalArgumentException("maxLength must be 64 to 1024 and at least minLength");
        }
        if (minScore < 0 || minScore > 4) {
            throw new IllegalArgumentException("minScore must be 0 to 4");
        }
        Objects.requireNonNull(blocklist, "blocklist");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
        if (historySize < 0 || historySize > 24) {
            throw new IllegalArgumentException("historySize must be 0 to 24");
        }
    }

    public boolean expires() {
        return !maxAge.isZero();
    }
}
