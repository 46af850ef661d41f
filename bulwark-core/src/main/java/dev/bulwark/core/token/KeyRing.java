package dev.bulwark.core.token;

import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.Transactions;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvents.SigningKeyRotated;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.crypto.AesGcmSealer;
import dev.bulwark.core.crypto.SignatureProvider;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bulwark's token-signing keys: for each algorithm one active key that signs, one next key that is already
 * published so that relying parties know it before it signs, and retired keys that stay published until the
 * tokens they signed have expired. Private keys are stored sealed and held in memory only while in use. A node
 * rereads the keys regularly, so that a rotation made on another node or by the CLI reaches it.
 */
public final class KeyRing {
    private final SigningKeyRepository keys;
    private final AesGcmSealer sealer;
    private final Transactions transactions;
    private final AuditTrail audit;
    private final Clock clock;
    private final KeyRingPolicy policy;
    private final SignatureProvider signatures;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    /**
     * How soon after a reload a token with an unknown kid may cause another: a flood of made-up kids rereads the keys
     * once per this much, not once per request (a key rotated in on another node is found within it).
     */
    static final Duration UNKNOWN_KID_RELOAD = Duration.ofSeconds(5);

    /**
     * What a node holds in memory: the signers of the active keys, every published public key, and a verifier for
     * each (made once per reload rather than per token).
     */
    private record Snapshot(Map<SigningAlgorithm, ActiveKey> active, List<SigningKey> published,
                            Map<String, JWSVerifier> verifiers, Instant loadedAt) {
    }

    /** An active key, opened, ready to sign. */
    record ActiveKey(String kid, JWSSigner signer) {
    }

    public KeyRing(SigningKeyRepository keys, AesGcmSealer sealer, Transactions transactions, AuditTrail audit,
                   Clock clock, KeyRingPolicy policy, SignatureProvider signatures) {
        this.signatures = signatures;
        this.keys = keys;
        this.sealer = sealer;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
        this.policy = policy;
    }

    public KeyRingPolicy policy() {
        return policy;
    }

    /**
     * Makes sure every configured algorithm has an active and a next key. On a fresh installation the first
     * active key must sign at once; there is nobody yet who could have cached an older key set. A concurrent start
     * of another node is harmless: the store keeps one active and one next key per algorithm.
     */
    public void ensureKeys() {
        for (SigningAlgorithm algorithm : policy.algorithms()) {
            try {
                transactions.run(() -> {
                    List<SigningKey> existing = keys.list().stream().filter(k -> k.algorithm() == algorithm).toList();
                    Instant now = clock.instant();
                    if (existing.stream().noneMatch(k -> k.state() == SigningKey.State.ACTIVE)) {
                        keys.insert(newKey(algorithm, now).activate(now));
                    }
                    if (existing.stream().noneMatch(k -> k.state() == SigningKey.State.NEXT)) {
                        keys.insert(newKey(algorithm, now));
                    }
                });
            } catch (DomainException raced) {
                if (raced.code() != ErrorCode.CONFLICT) {
                    throw raced;
                }
            }
        }
        reload();
    }

    /** What a rotation did, for each algorithm. */
    public record Rotation(SigningAlgorithm algorithm, String activated, Optional<String> retired) {
    }

    /**
     * Rotates every algorithm: the next key starts signing, the active key retires, a new next key is published,
     * and retired keys past their retention are removed.
     *
     * @param force rotate even if the next key has been published for less than the lead time, as after a
     *              suspected key compromise
     * @throws DomainException {@code CONFLICT} when a next key is too fresh and {@code force} is false
     */
    public List<Rotation> rotate(boolean force, Actor actor) {
        List<Rotation> rotations = transactions.inTransaction(() -> {
            Instant now = clock.instant();
            List<Rotation> done = new ArrayList<>();
            List<SigningKey> all = keys.list();
            for (SigningAlgorithm algorithm : policy.algorithms()) {
                SigningKey next = all.stream().filter(k -> k.algorithm() == algorithm && k.state() == SigningKey.State.NEXT)
                        .findFirst().orElseGet(() -> {
                            SigningKey fresh = newKey(algorithm, now);
                            keys.insert(fresh);
                            return fresh;
                        });
                Duration published = Duration.between(next.createdAt(), now);
                if (!force && published.compareTo(policy.nextKeyLead()) < 0) {
                    throw new DomainException(ErrorCode.CONFLICT, "The next " + algorithm.joseName() + " key has been "
                            + "published for " + published.toMinutes() + " minutes only; relying parties may not know "
                            + "it yet. Rotate after " + next.createdAt().plus(policy.nextKeyLead()) + ", or force it.");
                }
                Optional<SigningKey> active = all.stream()
                        .filter(k -> k.algorithm() == algorithm && k.state() == SigningKey.State.ACTIVE).findFirst();
                active.ifPresent(k -> keys.update(k.retire(now)));
                keys.update(next.activate(now));
                keys.insert(newKey(algorithm, now));
                audit.record(new SigningKeyRotated(algorithm, new SigningKeyRotated.KeyId(next.kid()),
                        active.map(k -> new SigningKeyRotated.KeyId(k.kid()))), actor);
                done.add(new Rotation(algorithm, next.kid(), active.map(SigningKey::kid)));
            }
            for (SigningKey key : all) {
                if (key.state() == SigningKey.State.RETIRED
                        && key.retiredAt().orElseThrow().plus(policy.retiredRetention()).isBefore(now)) {
                    keys.delete(key.kid());
                }
            }
            return done;
        });
        reload();
        return rotations;
    }

    /** Every stored key, for operators: no private material. */
    public List<SigningKey> list() {
        return keys.list();
    }

    /** The key that signs for {@code algorithm} now. */
    ActiveKey active(SigningAlgorithm algorithm) {
        ActiveKey key = current().active().get(algorithm);
        if (key == null) {
            throw new IllegalStateException("no active " + algorithm.joseName() + " key; is it configured?");
        }
        return key;
    }

    /** The public keys relying parties should accept: next, active, and retired ones still in retention. */
    public JWKSet published() {
        List<JWK> jwks = new ArrayList<>();
        for (SigningKey key : current().published()) {
            jwks.add(parse(key.publicJwk()));
        }
        return new JWKSet(jwks);
    }

    /**
     * A verifier for tokens signed with {@code kid}, if Bulwark publishes that key. An unknown kid triggers a reread,
     * at most once per {@link #UNKNOWN_KID_RELOAD}, so that a key rotated in on another node is found and made-up
     * kids cost no more than a lookup.
     */
    public Optional<JWSVerifier> verifier(String kid) {
        Snapshot held = current();
        JWSVerifier verifier = held.verifiers().get(kid);
        if (verifier == null && !held.loadedAt().plus(UNKNOWN_KID_RELOAD).isAfter(clock.instant())) {
            verifier = reloadUnlessNewer(held).verifiers().get(kid);
        }
        return Optional.ofNullable(verifier);
    }

    private Snapshot current() {
        Snapshot held = snapshot.get();
        if (held == null || held.loadedAt().plus(policy.reloadInterval()).isBefore(clock.instant())) {
            return reloadUnlessNewer(held);
        }
        return held;
    }

    /** Reloads, unless another thread did while this one waited for the lock: one reread serves them all. */
    private synchronized Snapshot reloadUnlessNewer(Snapshot seen) {
        Snapshot held = snapshot.get();
        return held != seen ? held : reload();
    }

    /**
     * Rereads the keys. An active key that is still the active one keeps its signer, so that a reread opens no sealed
     * key that it already holds open.
     */
    private synchronized Snapshot reload() {
        Instant now = clock.instant();
        Snapshot previous = snapshot.get();
        Map<SigningAlgorithm, ActiveKey> active = new EnumMap<>(SigningAlgorithm.class);
        List<SigningKey> published = new ArrayList<>();
        Map<String, JWSVerifier> verifiers = new HashMap<>();
        for (SigningKey key : keys.list()) {
            if (key.state() == SigningKey.State.RETIRED
                    && !key.retiredAt().orElseThrow().plus(policy.retiredRetention()).isAfter(now)) {
                continue;
            }
            published.add(key);
            verifiers.put(key.kid(), previous != null && previous.verifiers().containsKey(key.kid())
                    ? previous.verifiers().get(key.kid()) : key.algorithm().verifier(parse(key.publicJwk())));
            if (key.state() == SigningKey.State.ACTIVE) {
                ActiveKey open = previous == null ? null : previous.active().get(key.algorithm());
                if (open == null || !open.kid().equals(key.kid())) {
                    JWK privateJwk = parse(new String(sealer.open(key.sealedPrivateJwk(), associatedData(key.kid())),
                            StandardCharsets.UTF_8));
                    open = new ActiveKey(key.kid(), key.algorithm().signer(privateJwk, signatures));
                }
                active.put(key.algorithm(), open);
            }
        }
        Snapshot loaded = new Snapshot(Map.copyOf(active), List.copyOf(published), Map.copyOf(verifiers), now);
        snapshot.set(loaded);
        return loaded;
    }

    private SigningKey newKey(SigningAlgorithm algorithm, Instant now) {
        JWK privateJwk = algorithm.generate();
        byte[] sealed = sealer.seal(privateJwk.toJSONString().getBytes(StandardCharsets.UTF_8),
                associatedData(privateJwk.getKeyID()));
        return new SigningKey(privateJwk.getKeyID(), algorithm, SigningKey.State.NEXT,
                privateJwk.toPublicJWK().toJSONString(), sealed, now, Optional.empty(), Optional.empty());
    }

    private static byte[] associatedData(String kid) {
        return ("bulwark signing key " + kid).getBytes(StandardCharsets.UTF_8);
    }

    private static JWK parse(String json) {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored key does not parse", e);
        }
    }
}
