package dev.bulwark.core.mfa;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.Transactions;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvents.CredentialFailed;
import dev.bulwark.core.audit.AuditEvents.CredentialKind;
import dev.bulwark.core.audit.AuditEvents.CredentialVerified;
import dev.bulwark.core.audit.AuditEvents.FactorEnrolled;
import dev.bulwark.core.audit.AuditEvents.FactorRemoved;
import dev.bulwark.core.audit.AuditEvents.FailureReason;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.crypto.TokenDigest;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.notify.AccountNotices;
import dev.bulwark.core.notify.MessageTexts;
import dev.bulwark.core.protection.CredentialGuard;
import dev.bulwark.core.protection.ThrottleKey;
import dev.bulwark.core.session.DeviceId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Biometric device keys: registration (a P-256 public key, judged by the {@link KeyAttestation} port), and proof of
 * possession by an ES256 signature over a 256-bit challenge that lives 2 minutes and is answered once. Checks go
 * through the brute-force protection and are audited.
 */
public final class DeviceKeys {
    static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(2);
    static final int MOST_KEYS_PER_USER = 10;
    private static final int LONGEST_JWK = 2_000;

    private final DeviceKeyRepository keys;
    private final KeyAttestation attestation;
    private final CredentialGuard guard;
    private final AuditTrail audit;
    private final AccountNotices notices;
    private final Transactions transactions;
    private final Clock clock;
    private final SecureRandom random;

    public DeviceKeys(DeviceKeyRepository keys, KeyAttestation attestation, CredentialGuard guard, AuditTrail audit,
                      AccountNotices notices, Transactions transactions, Clock clock, SecureRandom random) {
        this.keys = keys;
        this.attestation = attestation;
        this.guard = guard;
        this.audit = audit;
        this.notices = notices;
        this.transactions = transactions;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Registers a device key.
     *
     * @param publicJwk         the public key as a JWK: EC, P-256, no private part
     * @param attestationObject what the app sent to prove where the key lives, if anything
     * @throws DomainException {@code invalid_request} for anything but a P-256 public key, or past 10 keys
     */
    public DeviceKey register(UserId user, Optional<DeviceId> device, String publicJwk, String name,
                             Optional<String> attestationObject, Actor actor) {
        ECKey key = publicKey(publicJwk);
        if (name == null || name.isBlank() || name.length() > 100 || name.codePoints().anyMatch(Character::isISOControl)) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "A key's name has 1 to 100 characters.");
        }
        KeyProtection protection = attestation.assess(key.toJSONString(), attestationObject);
        DeviceKey registered = new DeviceKey("dk-" + TokenDigest.newSecret(random, 12), user, device, name,
                key.toJSONString(), protection, clock.instant(), Optional.empty());
        transactions.run(() -> {
            if (keys.of(user).size() >= MOST_KEYS_PER_USER) {
                throw new DomainException(ErrorCode.CONFLICT, "A user has at most " + MOST_KEYS_PER_USER
                        + " device keys; remove one first.");
            }
            if (keys.of(user).stream().anyMatch(k -> k.publicJwk().equals(registered.publicJwk()))) {
                throw new DomainException(ErrorCode.CONFLICT, "That key is registered already.");
            }
            keys.insert(registered);
            audit.record(new FactorEnrolled(user, FactorKind.DEVICE_KEY), actor);
        });
        notices.send(user, MessageTexts.Notice.FACTOR_ADDED);
        return registered;
    }

    public List<DeviceKey> of(UserId user) {
        return keys.of(user);
    }

    public Optional<DeviceKey> find(String id) {
        return id == null || id.length() > 100 ? Optional.empty() : keys.find(id);
    }

    public boolean remove(UserId user, String id, Actor actor) {
        boolean removed = transactions.inTransaction(() -> {
            boolean gone = keys.delete(user, id);
            if (gone) {
                audit.record(new FactorRemoved(user, FactorKind.DEVICE_KEY), actor);
            }
            return gone;
        });
        if (removed) {
            notices.send(user, MessageTexts.Notice.FACTOR_REMOVED);
        }
        return removed;
    }

    /** A new challenge for the attempt to sign with the key: 256 random bits, base64url. */
    public String challenge(String attempt, DeviceKey key) {
        Instant now = clock.instant();
        String value = TokenDigest.newSecret(random, 32);
        transactions.run(() -> {
            keys.deleteExpiredChallenges(now);
            keys.saveChallenge(new DeviceKeyRepository.Challenge(attempt, key.id(), value,
                    now.plus(CHALLENGE_LIFETIME)));
        });
        return value;
    }

    /**
     * Checks the signature over the attempt's challenge, which is spent whatever the outcome.
     *
     * @param signature base64url of an ES256 signature over the UTF-8 bytes of the challenge, DER (as Android
     *                  Keystore and the Secure Enclave produce) or raw r‖s
     */
    public boolean verify(DeviceKey key, String attempt, String signature, Optional<String> address) {
        UserId user = key.userId();
        try (CredentialGuard.Attempt check = guard.begin(Optional.of(ThrottleKey.secondFactor(user)), address)) {
            if (check.blocked()) {
                audit.record(new CredentialFailed(Optional.of(user), CredentialKind.DEVICE_KEY, FailureReason.LOCKED),
                        Actor.user(user));
                return false;
            }
            Instant now = clock.instant();
            Optional<DeviceKeyRepository.Challenge> challenge = keys.takeChallenge(attempt)
                    .filter(c -> c.keyId().equals(key.id()) && c.expiresAt().isAfter(now));
            boolean valid = challenge.isPresent() && signed(key, challenge.get().value(), signature);
            if (valid) {
                check.succeeded();
                keys.touch(key.id(), now);
                audit.record(new CredentialVerified(user, CredentialKind.DEVICE_KEY), Actor.user(user));
                return true;
            }
            check.failed(Optional.of(user));
            audit.record(new CredentialFailed(Optional.of(user), CredentialKind.DEVICE_KEY,
                    FailureReason.WRONG_SECRET), Actor.user(user));
            return false;
        }
    }

    private static boolean signed(DeviceKey key, String challenge, String signature) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(signature == null ? "" : signature.strip());
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        if (bytes.length == 0 || bytes.length > 80) {
            return false;
        }
        try {
            ECPublicKey publicKey = ECKey.parse(key.publicJwk()).toECPublicKey();
            Signature verifier = Signature.getInstance(bytes.length == 64 ? "SHA256withECDSAinP1363Format"
                    : "SHA256withECDSA");
            verifier.initVerify(publicKey);
            verifier.update(challenge.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(bytes);
        } catch (GeneralSecurityException | java.text.ParseException | com.nimbusds.jose.JOSEException e) {
            return false; // a malformed signature is a wrong one
        }
    }

    private static ECKey publicKey(String jwk) {
        try {
            if (jwk == null || jwk.length() > LONGEST_JWK) {
                throw new java.text.ParseException("too long", 0);
            }
            JWK parsed = JWK.parse(jwk);
            if (!(parsed instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
                throw new DomainException(ErrorCode.INVALID_REQUEST, "A device key is an EC P-256 public key.");
            }
            if (ec.isPrivate()) {
                throw new DomainException(ErrorCode.INVALID_REQUEST, "Send the public key only, never the private.");
            }
            ec.toECPublicKey(); // the point is on the curve (Nimbus checks when it builds the key)
            return new ECKey.Builder(Curve.P_256, ec.getX(), ec.getY()).build();
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException | IllegalArgumentException e) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "The public key is not a valid JWK.");
        }
    }
}
