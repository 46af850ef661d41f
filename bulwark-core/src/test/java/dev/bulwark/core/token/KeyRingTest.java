package dev.bulwark.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.DomainException;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditChain;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.crypto.AesGcmSealer;
import dev.bulwark.core.crypto.SignatureProvider;
import dev.bulwark.core.crypto.SecretBytes;
import dev.bulwark.core.testing.InMemoryAuditLog;
import dev.bulwark.core.testing.InMemorySigningKeys;
import dev.bulwark.core.testing.InlineTransactions;
import dev.bulwark.core.testing.MovableClock;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyRingTest {
    private final InMemorySigningKeys stored = new InMemorySigningKeys();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final InMemoryAuditLog auditLog = new InMemoryAuditLog();
    private final AesGcmSealer sealer = new AesGcmSealer(SecretBytes.copyOf(new byte[32]), new SecureRandom());
    private final KeyRing ring = new KeyRing(stored, sealer, new InlineTransactions(),
            new AuditTrail(auditLog, new AuditChain(SecretBytes.copyOf(new byte[32])), clock), clock,
            new KeyRingPolicy(Set.of(SigningAlgorithm.ES256, SigningAlgorithm.RS256, SigningAlgorithm.EDDSA),
                    Duration.ofHours(1), Duration.ofDays(1), Duration.ofSeconds(30)),
            SignatureProvider.select(SignatureProvider.Preference.NATIVE));
    private final TokenSigner signer = new TokenSigner(ring);

    private String sign(SigningAlgorithm algorithm) {
        return signer.sign(new JWTClaimsSet.Builder().subject("alice").build(), algorithm, new JOSEObjectType("at+jwt"));
    }

    private boolean verifies(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        return ring.verifier(jwt.getHeader().getKeyID()).map(v -> {
            try {
                return jwt.verify(v);
            } catch (Exception e) {
                return false;
            }
        }).orElse(false);
    }

    @Test
    void whenEnsuredThenEachAlgorithmHasOneActiveAndOneNextKeyAndIdempotent() {
        ring.ensureKeys();
        ring.ensureKeys();

        assertThat(stored.list()).hasSize(6);
        assertThat(ring.published().getKeys()).hasSize(6).allSatisfy(key -> assertThat(key.isPrivate()).isFalse());
    }

    @Test
    void whenSignedThenEveryAlgorithmVerifiesWithThePublishedKey() throws Exception {
        ring.ensureKeys();

        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            String token = sign(algorithm);
            SignedJWT jwt = SignedJWT.parse(token);
            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(algorithm.jws());
            assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
            assertThat(verifies(token)).as(algorithm.joseName()).isTrue();
        }
    }

    @Test
    void whenStoredThenPrivateKeysAreSealedNotInTheClear() {
        ring.ensureKeys();

        assertThat(stored.list()).allSatisfy(key -> {
            assertThat(new String(key.sealedPrivateJwk(), StandardCharsets.ISO_8859_1)).doesNotContain("\"d\"");
            assertThat(key.publicJwk()).doesNotContain("\"d\"");
            assertThat(key.kid()).isEqualTo(parse(key.publicJwk()).computeThumbprint().toString());
        });
    }

    @Test
    void whenRotatedThenNextSignsOldStaysPublishedAndANewNextAppears() throws Exception {
        ring.ensureKeys();
        String before = sign(SigningAlgorithm.ES256);
        String nextKid = stored.list().stream().filter(k -> k.algorithm() == SigningAlgorithm.ES256
                && k.state() == SigningKey.State.NEXT).findFirst().orElseThrow().kid();
        clock.advance(Duration.ofHours(2));

        List<KeyRing.Rotation> rotations = ring.rotate(false, Actor.cli("ops"));

        assertThat(rotations).hasSize(3);
        String after = sign(SigningAlgorithm.ES256);
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(nextKid);
        assertThat(verifies(before)).as("tokens signed before still verify").isTrue();
        assertThat(verifies(after)).isTrue();
        assertThat(ring.published().getKeys()).hasSize(9);
        assertThat(auditLog.all()).hasSize(3).allSatisfy(r -> assertThat(r.type()).isEqualTo("signing_key.rotated"));
    }

    @Test
    void whenNextKeyTooFreshThenRotationRefusedUnlessForced() {
        ring.ensureKeys();

        assertThatThrownBy(() -> ring.rotate(false, Actor.SYSTEM)).isInstanceOf(DomainException.class)
                .hasMessageContaining("published for 0 minutes");
        assertThat(ring.rotate(true, Actor.SYSTEM)).hasSize(3);
    }

    @Test
    void whenRetiredLongerThanRetentionThenUnpublishedAndItsTokensNoLongerVerify() throws Exception {
        ring.ensureKeys();
        String old = sign(SigningAlgorithm.ES256);
        clock.advance(Duration.ofHours(2));
        ring.rotate(false, Actor.SYSTEM);
        clock.advance(Duration.ofDays(2));

        ring.rotate(false, Actor.SYSTEM);

        assertThat(verifies(old)).isFalse();
        assertThat(ring.published().getKeys()).hasSize(9); // two retired generations: one purged, one kept
    }

    /** Security review, item 9: every token with an unknown kid reread (and unsealed) every key under a lock. */
    @Test
    void whenTokensNameUnknownKidsThenTheKeysAreRereadAtMostOncePerIntervalAndNothingIsUnsealedAgain() {
        CountingKeys counted = new CountingKeys(stored);
        KeyRing node = new KeyRing(counted, sealer, new InlineTransactions(),
                new AuditTrail(auditLog, new AuditChain(SecretBytes.copyOf(new byte[32])), clock), clock,
                new KeyRingPolicy(Set.of(SigningAlgorithm.ES256), Duration.ofHours(1), Duration.ofDays(1),
                        Duration.ofSeconds(30)), SignatureProvider.select(SignatureProvider.Preference.NATIVE));
        node.ensureKeys();
        int after = counted.lists;

        for (int i = 0; i < 1_000; i++) {
            assertThat(node.verifier("made-up-" + i)).isEmpty();
        }
        assertThat(counted.lists).isEqualTo(after);

        clock.advance(KeyRing.UNKNOWN_KID_RELOAD.plusSeconds(1));
        for (int i = 0; i < 1_000; i++) {
            assertThat(node.verifier("made-up-" + i)).isEmpty();
        }
        assertThat(counted.lists).isEqualTo(after + 1);
    }

    @Test
    void whenAnotherNodeRotatesThenAKeyItActivatedIsFoundOnItsFirstTokenAfterTheInterval() throws Exception {
        ring.ensureKeys();
        KeyRing other = new KeyRing(stored, sealer, new InlineTransactions(),
                new AuditTrail(auditLog, new AuditChain(SecretBytes.copyOf(new byte[32])), clock), clock,
                ring.policy(), SignatureProvider.select(SignatureProvider.Preference.NATIVE));
        assertThat(other.verifier("made-up")).isEmpty(); // the other node has read the keys
        ring.rotate(true, Actor.SYSTEM);
        ring.rotate(true, Actor.SYSTEM); // now signs with a key the other node has never seen
        String kid = SignedJWT.parse(sign(SigningAlgorithm.ES256)).getHeader().getKeyID();
        assertThat(other.verifier(kid)).as("within the interval, the read it has is kept").isEmpty();

        clock.advance(KeyRing.UNKNOWN_KID_RELOAD.plusSeconds(1));

        assertThat(other.verifier(kid)).isPresent();
    }

    /** Counts the rereads of the keys. */
    private static final class CountingKeys implements SigningKeyRepository {
        private final SigningKeyRepository keys;
        int lists;

        CountingKeys(SigningKeyRepository keys) {
            this.keys = keys;
        }

        @Override
        public List<SigningKey> list() {
            lists++;
            return keys.list();
        }

        @Override
        public void insert(SigningKey key) {
            keys.insert(key);
        }

        @Override
        public void update(SigningKey key) {
            keys.update(key);
        }

        @Override
        public void delete(String kid) {
            keys.delete(kid);
        }
    }

    private static JWK parse(String json) {
        try {
            return JWK.parse(json);
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }
}
