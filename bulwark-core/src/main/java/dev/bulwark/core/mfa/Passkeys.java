package dev.bulwark.core.mfa;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.exception.DataConversionException;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.VerificationException;
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
import dev.bulwark.core.audit.AuditEvents.PasskeyCounterRegressed;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.crypto.TokenDigest;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.identity.UserRepository;
import dev.bulwark.core.notify.AccountNotices;
import dev.bulwark.core.notify.MessageTexts;
import dev.bulwark.core.protection.CredentialGuard;
import dev.bulwark.core.protection.ThrottleKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Passkeys (WebAuthn Level 3): registration and authentication ceremonies, verified by webauthn4j step by step
 * against the spec (origin, RP ID hash, challenge, flags, signature, counter), with Bulwark's policy on top:
 * discoverable credentials only (sign-in without a username), user verification required by default, attestation
 * {@code none} or {@code direct}, a counter policy, several named passkeys per user. Options are the JSON forms that
 * browsers ({@code PublicKeyCredential.parseCreationOptionsFromJSON}), Android Credential Manager and iOS
 * AuthenticationServices take; responses are the JSON they give back.
 */
public final class Passkeys {
    static final Duration CEREMONY_LIFETIME = Duration.ofMinutes(5);
    static final int MOST_PASSKEYS = 20;
    private static final int LONGEST_RESPONSE = 64 * 1024;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    private final PasskeyRepository passkeys;
    private final UserRepository users;
    private final PasskeyPolicy policy;
    private final CredentialGuard guard;
    private final AuditTrail audit;
    private final AccountNotices notices;
    private final Transactions transactions;
    private final Clock clock;
    private final SecureRandom random;
    /** Built when a passkey is first registered or used: webauthn4j is some 380 classes a server may never need. */
    private final AtomicReference<WebAuthn> webAuthn = new AtomicReference<>();

    public Passkeys(PasskeyRepository passkeys, UserRepository users, PasskeyPolicy policy, CredentialGuard guard,
                    AuditTrail audit, AccountNotices notices, Transactions transactions, Clock clock,
                    SecureRandom random) {
        this.passkeys = passkeys;
        this.users = users;
        this.policy = policy;
        this.guard = guard;
        this.audit = audit;
        this.notices = notices;
        this.transactions = transactions;
        this.clock = clock;
        this.random = random;
    }

    /** webauthn4j's verifier and the converter for stored credential data. */
    private record WebAuthn(WebAuthnManager manager, AttestedCredentialDataConverter credentialData) {
        static WebAuthn create(PasskeyPolicy policy) {
            ObjectConverter converter = new ObjectConverter();
            // Attestation statements are checked for integrity; with no trust anchors configured, not provenance.
            WebAuthnManager manager = WebAuthnManager.createNonStrictWebAuthnManager(converter);
            if (!policy.refuseCounterRegression()) {
                manager.getAuthenticationDataVerifier().setMaliciousCounterValueHandler(authentication -> { });
            }
            return new WebAuthn(manager, new AttestedCredentialDataConverter(converter));
        }
    }

    private WebAuthn webAuthn() {
        WebAuthn built = webAuthn.get();
        if (built == null) {
            // Callers racing on first use may each build one; all but the first stored are dropped.
            webAuthn.compareAndSet(null, WebAuthn.create(policy));
            built = webAuthn.get();
        }
        return built;
    }

    /** What a verified passkey sign-in established. */
    public record SignedIn(Passkey passkey, List<String> methods) {
        public SignedIn {
            methods = List.copyOf(methods);
        }
    }

    /** The user handle a user's passkeys carry: opaque, no personal data (WebAuthn §14.6.1). */
    static byte[] userHandle(UserId user) {
        return user.toString().getBytes(StandardCharsets.US_ASCII);
    }

    public List<Passkey> of(UserId user) {
        return passkeys.of(user);
    }

    /** Options to create a passkey for the user (PublicKeyCredentialCreationOptionsJSON). */
    public Map<String, Object> registrationOptions(User user) {
        String challenge = newChallenge(registrationKey(user.id()), Optional.of(user.id()));
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("rp", Map.of("id", policy.rpId(), "name", policy.rpName()));
        options.put("user", Map.of("id", BASE64URL.encodeToString(userHandle(user.id())), "name",
                user.username().value(), "displayName", user.username().value()));
        options.put("challenge", challenge);
        options.put("pubKeyCredParams", ALGORITHMS.stream().map(p -> Map.of("type", "public-key", "alg",
                p.getAlg().getValue())).toList());
        options.put("timeout", CEREMONY_LIFETIME.toMillis());
        options.put("excludeCredentials", passkeys.of(user.id()).stream().map(p -> Map.of("type", "public-key",
                "id", p.credentialId(), "transports", p.transports())).toList());
        options.put("authenticatorSelection", Map.of("residentKey", "required", "requireResidentKey", true,
                "userVerification", policy.userVerificationRequired() ? "required" : "preferred"));
        options.put("attestation", policy.directAttestation() ? "direct" : "none");
        return options;
    }

    /**
     * Verifies a new passkey's registration response and stores it.
     *
     * @param response the RegistrationResponseJSON the client produced from the options
     * @throws DomainException {@code invalid_request} when it does not verify, the ceremony expired or was not begun
     */
    public Passkey register(UserId user, String response, String name, Actor actor) {
        if (name == null || name.isBlank() || name.length() > 100 || name.codePoints().anyMatch(Character::isISOControl)) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "A passkey's name has 1 to 100 characters.");
        }
        Instant now = clock.instant();
        PasskeyRepository.Challenge challenge = passkeys.takeChallenge(registrationKey(user))
                .filter(c -> c.expiresAt().isAfter(now))
                .orElseThrow(() -> refused("The registration expired or was not begun; ask for new options."));
        RegistrationData data;
        try {
            data = webAuthn().manager().parseRegistrationResponseJSON(bounded(response));
            webAuthn().manager().verify(data, new RegistrationParameters(server(challenge.value()), ALGORITHMS,
                    policy.userVerificationRequired(), true));
        } catch (DataConversionException | VerificationException | IllegalArgumentException e) {
            throw refused("The passkey did not verify (" + e.getClass().getSimpleName() + ").");
        }
        var authenticatorData = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData attested = authenticatorData.getAttestedCredentialData();
        String credentialId = BASE64URL.encodeToString(attested.getCredentialId());
        Set<AuthenticatorTransport> transports = Optional.ofNullable(data.getTransports()).orElse(Set.of());
        Passkey passkey = new Passkey(credentialId, user, name, webAuthn().credentialData().convert(attested),
                authenticatorData.getSignCount(), authenticatorData.isFlagBE(), authenticatorData.isFlagBS(),
                transports.stream().map(AuthenticatorTransport::getValue).sorted().toList(),
                data.getAttestationObject().getFormat(), now, Optional.empty());
        transactions.run(() -> {
            if (passkeys.find(credentialId).isPresent()) {
                throw new DomainException(ErrorCode.CONFLICT, "That passkey is registered already.");
            }
            if (passkeys.of(user).size() >= MOST_PASSKEYS) {
                throw new DomainException(ErrorCode.CONFLICT, "A user has at most " + MOST_PASSKEYS + " passkeys.");
            }
            passkeys.insert(passkey);
            audit.record(new FactorEnrolled(user, FactorKind.PASSKEY), actor);
        });
        notices.send(user, MessageTexts.Notice.FACTOR_ADDED);
        return passkey;
    }

    /**
     * Options to sign in with a passkey, for the attempt (PublicKeyCredentialRequestOptionsJSON): no credentials
     * listed, so that the authenticator offers the user's discoverable passkeys and no username is needed.
     */
    public Map<String, Object> authenticationOptions(String attempt) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("challenge", newChallenge(signInKey(attempt), Optional.empty()));
        options.put("rpId", policy.rpId());
        options.put("timeout", CEREMONY_LIFETIME.toMillis());
        options.put("userVerification", policy.userVerificationRequired() ? "required" : "preferred");
        options.put("allowCredentials", List.of());
        return options;
    }

    /**
     * Verifies a passkey assertion for the attempt; the challenge is spent whatever the outcome.
     *
     * @param response the AuthenticationResponseJSON the client produced from the options
     * @return the sign-in, when it verified and its user may sign in
     */
    public Optional<SignedIn> authenticate(String attempt, String response, Optional<String> address) {
        Instant now = clock.instant();
        Optional<PasskeyRepository.Challenge> challenge = passkeys.takeChallenge(signInKey(attempt))
                .filter(c -> c.expiresAt().isAfter(now));
        AuthenticationData data;
        try {
            data = webAuthn().manager().parseAuthenticationResponseJSON(bounded(response));
        } catch (DataConversionException | IllegalArgumentException e) {
            guard.failedFrom(address);
            return Optional.empty();
        }
        Optional<Passkey> passkey = Optional.ofNullable(data.getCredentialId()).map(BASE64URL::encodeToString)
                .flatMap(passkeys::find)
                .filter(p -> users.findById(p.userId()).map(User::isActive).orElse(false));
        if (challenge.isEmpty() || passkey.isEmpty()) {
            guard.failedFrom(address);
            return Optional.empty();
        }
        UserId user = passkey.get().userId();
        try (CredentialGuard.Attempt check = guard.begin(Optional.of(ThrottleKey.secondFactor(user)), address)) {
            if (check.blocked()) {
                audit.record(new CredentialFailed(Optional.of(user), CredentialKind.PASSKEY, FailureReason.LOCKED),
                        Actor.user(user));
                return Optional.empty();
            }
            Optional<SignedIn> verified = verify(passkey.get(), data, challenge.get().value(), now);
            if (verified.isEmpty()) {
                check.failed(Optional.of(user));
                audit.record(new CredentialFailed(Optional.of(user), CredentialKind.PASSKEY,
                        FailureReason.WRONG_SECRET), Actor.user(user));
                return Optional.empty();
            }
            check.succeeded();
            audit.record(new CredentialVerified(user, CredentialKind.PASSKEY), Actor.user(user));
            return verified;
        }
    }

    private Optional<SignedIn> verify(Passkey passkey, AuthenticationData data, String challenge, Instant now) {
        // A discoverable credential names its user: it must be the passkey's (WebAuthn §7.2 step 6).
        if (data.getUserHandle() == null
                || !MessageDigest.isEqual(data.getUserHandle(), userHandle(passkey.userId()))) {
            return Optional.empty();
        }
        var record = new CredentialRecordImpl(null, null, passkey.backupEligible(), passkey.backupState(),
                passkey.signCount(), webAuthn().credentialData().convert(passkey.attestedCredentialData()), null, null, null,
                passkey.transports().stream().map(AuthenticatorTransport::create).collect(Collectors.toSet()));
        try {
            webAuthn().manager().verify(data, new AuthenticationParameters(server(challenge), record, null,
                    policy.userVerificationRequired(), true));
        } catch (MaliciousCounterValueException cloned) {
            return Optional.empty();
        } catch (VerificationException e) {
            return Optional.empty();
        }
        AuthenticatorData<?> authenticatorData = data.getAuthenticatorData();
        long presented = authenticatorData.getSignCount();
        if ((presented != 0 || passkey.signCount() != 0) && presented <= passkey.signCount()) {
            // Accepted by policy (refusals never get here): a signal, not proof, of a cloned authenticator.
            audit.record(new PasskeyCounterRegressed(passkey.userId()), Actor.user(passkey.userId()));
        }
        passkeys.used(passkey.credentialId(), Math.max(presented, passkey.signCount()), authenticatorData.isFlagBS(),
                now);
        List<String> methods = new ArrayList<>();
        // Synced (backup-eligible) passkeys live in software the platform syncs; device-bound ones in hardware.
        methods.add(passkey.backupEligible() ? "swk" : "hwk");
        if (authenticatorData.isFlagUV()) {
            methods.add("user"); // RFC 8176 "user": the authenticator tested for its user (here: verified them)
        }
        return Optional.of(new SignedIn(passkey, methods));
    }

    public boolean remove(UserId user, String credentialId, Actor actor) {
        boolean removed = transactions.inTransaction(() -> {
            boolean gone = passkeys.delete(user, credentialId);
            if (gone) {
                audit.record(new FactorRemoved(user, FactorKind.PASSKEY), actor);
            }
            return gone;
        });
        if (removed) {
            notices.send(user, MessageTexts.Notice.FACTOR_REMOVED);
        }
        return removed;
    }

    private String newChallenge(String key, Optional<UserId> user) {
        Instant now = clock.instant();
        String value = TokenDigest.newSecret(random, 32);
        transactions.run(() -> {
            passkeys.deleteExpiredChallenges(now);
            passkeys.saveChallenge(new PasskeyRepository.Challenge(key, user, value, now.plus(CEREMONY_LIFETIME)));
        });
        return value;
    }

    private ServerProperty server(String challenge) {
        return ServerProperty.builder()
                .origins(policy.origins().stream().map(Origin::new).collect(Collectors.toSet()))
                .rpId(policy.rpId())
                .challenge(new DefaultChallenge(challenge))
                .build();
    }

    private static String registrationKey(UserId user) {
        return "register:" + user;
    }

    private static String signInKey(String attempt) {
        return "sign-in:" + attempt;
    }

    private static String bounded(String response) {
        if (response == null || response.isEmpty() || response.length() > LONGEST_RESPONSE) {
            throw new IllegalArgumentException("missing or too long");
        }
        return response;
    }

    private static DomainException refused(String message) {
        return new DomainException(ErrorCode.INVALID_REQUEST, message);
    }
}
