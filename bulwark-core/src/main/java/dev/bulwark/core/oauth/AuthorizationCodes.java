package dev.bulwark.core.oauth;

import dev.bulwark.core.NowAndThen;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.crypto.TokenDigest;
import dev.bulwark.core.identity.UserId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Issues authorization codes: 256 random bits, valid for 60 seconds, stored as digests only. */
public final class AuthorizationCodes {
    static final Duration LIFETIME = Duration.ofSeconds(60);
    /** How long a used or expired code is kept, so that a second use is recognised as one (and revokes). */
    private static final Duration KEPT_FOR = Duration.ofMinutes(10);

    private final AuthorizationCodeRepository codes;
    private final Clock clock;
    private final SecureRandom random;
    private final NowAndThen sweeps = new NowAndThen(Duration.ofMinutes(1));

    public AuthorizationCodes(AuthorizationCodeRepository codes, Clock clock, SecureRandom random) {
        this.codes = codes;
        this.clock = clock;
        this.random = random;
    }

    /** What a code grants and is bound to. */
    public record Grant(ClientId clientId, UserId userId, Optional<String> redirectUri, String codeChallenge,
                        Scopes scopes, Optional<String> nonce, Instant authTime, String acr, List<String> amr,
                        Optional<String> attestedKey) {
    }

    /** Issues a code; the returned value exists nowhere else. */
    public String issue(Grant grant) {
        String code = TokenDigest.newSecret(random, 32);
        Instant now = clock.instant();
        codes.insert(new AuthorizationCode(TokenDigest.of(code), grant.clientId(), grant.userId(), grant.redirectUri(),
                grant.codeChallenge(), grant.scopes(), grant.nonce(), grant.authTime(), grant.acr(), grant.amr(),
                grant.attestedKey(), now.plus(LIFETIME), Optional.empty(), Optional.empty()));
        sweeps.run(now, () -> codes.deleteExpired(now.minus(KEPT_FOR)));
        return code;
    }
}
