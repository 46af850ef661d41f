package dev.bulwark.core.mfa;

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
import dev.bulwark.core.crypto.AesGcmSealer;
import dev.bulwark.core.crypto.SecretBytes;
import dev.bulwark.core.crypto.TokenDigest;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.notify.AccountNotices;
import dev.bulwark.core.notify.MessageTexts;
import dev.bulwark.core.protection.CredentialGuard;
import dev.bulwark.core.protection.ThrottleKey;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A user's second factors: authenticator apps (TOTP, RFC 6238) and recovery codes. Enrolment of an authenticator
 * is confirmed by a first code; each code is accepted once; every check is counted by the brute-force protection
 * (per user, apart from the password, and per source address) and audited.
 */
public final class SecondFactors {
    /** RFC 4226 §4 asks for at least 128 bits and recommends 160. */
    private static final int SEED_BYTES = 20;
    /** How long an enrolment may wait for its first code. */
    static final Duration ENROLMENT_LIFETIME = Duration.ofMinutes(10);
    static final int RECOVERY_CODES = 10;
    /** How recent a sign-in must be to add or remove second factors (RFC 9470 {@code max_age}). */
    public static final Duration CHANGE_MAX_AGE = Duration.ofMinutes(10);
    /** 28 base32 characters: 140 bits, so that a plain digest is enough to store them. */
    private static final int RECOVERY_CODE_LENGTH = 28;
    private static final String RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final int LONGEST_INPUT = 64;

    private final TotpRepository totps;
    private final RecoveryCodeRepository recoveryCodes;
    private final AesGcmSealer seeds;
    private final CredentialGuard guard;
    private final AuditTrail audit;
    private final Transactions transactions;
    private final Clock clock;
    private final SecureRandom random;
    private final String issuerName;
    private final AccountNotices notices;

    /**
     * @param issuerName shown by authenticator apps beside the account, such as the product's name
     */
    public SecondFactors(TotpRepository totps, RecoveryCodeRepository recoveryCodes, AesGcmSealer seeds,
                         CredentialGuard guard, AuditTrail audit, Transactions transactions, Clock clock,
                         SecureRandom random, String issuerName, AccountNotices notices) {
        this.notices = notices;
        this.totps = totps;
        this.recoveryCodes = recoveryCodes;
        this.seeds = seeds;
        this.guard = guard;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.random = random;
        this.issuerName = issuerName;
    }

    /** A started enrolment: the seed, shown to the user once, as text and as an {@code otpauth://} URI. */
    public record TotpEnrolment(String id, String secret, String uri, Totp parameters) {
        @Override
        public String toString() {
            return "TotpEnrolment[" + id + ", redacted]";
        }
    }

    /** What a user has enrolled: confirmed authenticators, and how many recovery codes are left. */
    public record Enrolled(List<TotpFactor> authenticators, int recoveryCodesLeft) {
        public Enrolled {
            authenticators = List.copyOf(authenticators);
        }

        public Set<FactorKind> kinds() {
            Set<FactorKind> kinds = EnumSet.noneOf(FactorKind.class);
            if (!authenticators.isEmpty()) {
                kinds.add(FactorKind.TOTP);
            }
            if (recoveryCodesLeft > 0) {
                kinds.add(FactorKind.RECOVERY_CODE);
            }
            return Set.copyOf(kinds);
        }
    }

    public Enrolled enrolled(UserId user) {
        return new Enrolled(totps.of(user).stream().filter(TotpFactor::confirmed).toList(),
                recoveryCodes.remaining(user));
    }

    /** The user's unfinished enrolment of an authenticator app, if one is still open. */
    public Optional<TotpFactor> pendingTotp(UserId user) {
        Instant now = clock.instant();
        return totps.of(user).stream()
                .filter(f -> !f.confirmed() && f.createdAt().plus(ENROLMENT_LIFETIME).isAfter(now))
                .findFirst();
    }

    /** Starts enrolling an authenticator app; it counts once {@link #confirmTotp} has seen a first code. */
    public TotpEnrolment beginTotp(User user) {
        Instant now = clock.instant();
        byte[] seed = new byte[SEED_BYTES];
        random.nextBytes(seed);
        String id = "totp-" + TokenDigest.newSecret(random, 12);
        TotpFactor factor = new TotpFactor(id, user.id(), seeds.seal(seed, associatedData(id, user.id())),
                Totp.DEFAULT, now, Optional.empty(), Optional.empty());
        transactions.run(() -> {
            totps.deleteUnconfirmed(user.id()); // one enrolment at a time: a new one voids an unfinished one
            totps.insert(factor);
        });
        String secret = Base32.encode(seed);
        java.util.Arrays.fill(seed, (byte) 0);
        return new TotpEnrolment(id, secret, uri(user.username().value(), secret, factor.parameters()),
                factor.parameters());
    }

    /**
     * Confirms an enrolment with the first code the app shows.
     *
     * @throws DomainException {@code invalid_credentials} for a wrong code, an unknown or expired enrolment
     */
    public void confirmTotp(UserId user, String id, String code, Optional<String> address, Actor actor) {
        Instant now = clock.instant();
        TotpFactor factor = pendingTotp(user).filter(f -> f.id().equals(id))
                .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND,
                        "There is no such enrolment, or it has expired; start again."));
        boolean confirmed = checked(user, CredentialKind.TOTP, address, () -> matchingStep(factor, code, now)
                .map(step -> totps.confirm(factor.id(), now, step) ? Check.PASSED : Check.REPLAYED)
                .orElse(Check.WRONG));
        if (!confirmed) {
            throw new DomainException(ErrorCode.INVALID_CREDENTIALS, "The code is not correct.");
        }
        audit.record(new FactorEnrolled(user, FactorKind.TOTP), actor);
        notices.send(user, MessageTexts.Notice.FACTOR_ADDED);
    }

    /**
     * Checks an enrolled second factor of the user (an authenticator's code or a recovery code). A wrong, replayed
     * or throttled code gets the same answer.
     *
     * @return whether it verified
     */
    public boolean verify(UserId user, FactorKind kind, String code, Optional<String> address) {
        Instant now = clock.instant();
        return switch (kind) {
            case TOTP -> checked(user, CredentialKind.TOTP, address, () -> {
                for (TotpFactor factor : totps.of(user)) {
                    if (factor.confirmed()) {
                        Optional<Long> step = matchingStep(factor, code, now);
                        if (step.isPresent()) {
                            return totps.use(factor.id(), step.get()) ? Check.PASSED : Check.REPLAYED;
                        }
                    }
                }
                return Check.WRONG;
            });
            case RECOVERY_CODE -> checked(user, CredentialKind.RECOVERY_CODE, address, () ->
                    normalisedRecoveryCode(code).map(normal -> recoveryCodes.use(user, TokenDigest.of(normal), now)
                            ? Check.PASSED : Check.WRONG).orElse(Check.WRONG));
            case EMAIL_CODE, SMS_CODE, DEVICE_KEY, PASSKEY -> throw new IllegalArgumentException(kind + " is checked "
                    + "elsewhere");
        };
    }

    /**
     * Removes an authenticator app; returns whether the user had it. The recovery codes go with the last one: they
     * back the authenticator up, and must not become a second factor of their own.
     */
    public boolean removeTotp(UserId user, String id, Actor actor) {
        return transactions.inTransaction(() -> {
            if (!totps.delete(user, id)) {
                return false;
            }
            audit.record(new FactorRemoved(user, FactorKind.TOTP), actor);
            notices.send(user, MessageTexts.Notice.FACTOR_REMOVED);
            boolean lastOne = totps.of(user).stream().noneMatch(TotpFactor::confirmed);
            if (lastOne && recoveryCodes.remaining(user) > 0) {
                recoveryCodes.replace(user, List.of(), clock.instant());
                audit.record(new FactorRemoved(user, FactorKind.RECOVERY_CODE), actor);
            }
            return true;
        });
    }

    /**
     * The user's first recovery codes, made when they have none (typically right after their first authenticator is
     * confirmed, so that losing the phone does not lock them out); empty when they already have some.
     */
    public List<String> firstRecoveryCodes(UserId user, Actor actor) {
        return recoveryCodes.remaining(user) > 0 ? List.of() : newRecoveryCodes(user, actor);
    }

    /**
     * A new set of recovery codes, returned once; the old set stops working.
     *
     * @throws DomainException {@code conflict} when the user has no authenticator for the codes to back up
     */
    public List<String> newRecoveryCodes(UserId user, Actor actor) {
        if (totps.of(user).stream().noneMatch(TotpFactor::confirmed)) {
            throw new DomainException(ErrorCode.CONFLICT, "Recovery codes back up an authenticator app; enrol one "
                    + "first.");
        }
        List<String> codes = new ArrayList<>(RECOVERY_CODES);
        for (int i = 0; i < RECOVERY_CODES; i++) {
            codes.add(recoveryCode());
        }
        List<String> digests = codes.stream().map(c -> TokenDigest.of(normalisedRecoveryCode(c).orElseThrow()))
                .toList();
        transactions.run(() -> {
            recoveryCodes.replace(user, digests, clock.instant());
            audit.record(new FactorEnrolled(user, FactorKind.RECOVERY_CODE), actor);
        });
        return List.copyOf(codes);
    }

    private enum Check {
        PASSED, WRONG, REPLAYED
    }

    private boolean checked(UserId user, CredentialKind kind, Optional<String> address,
                            java.util.function.Supplier<Check> check) {
        try (CredentialGuard.Attempt attempt = guard.begin(Optional.of(ThrottleKey.secondFactor(user)), address)) {
            if (attempt.blocked()) {
                audit.record(new CredentialFailed(Optional.of(user), kind, FailureReason.LOCKED), Actor.user(user));
                return false;
            }
            Check result = check.get();
            if (result == Check.PASSED) {
                attempt.succeeded();
                audit.record(new CredentialVerified(user, kind), Actor.user(user));
                return true;
            }
            attempt.failed(Optional.of(user));
            audit.record(new CredentialFailed(Optional.of(user), kind,
                    result == Check.REPLAYED ? FailureReason.REPLAYED : FailureReason.WRONG_SECRET), Actor.user(user));
            return false;
        }
    }

    /** The step within one step of drift either way (RFC 6238 §5.2) whose code matches, compared in constant time. */
    private Optional<Long> matchingStep(TotpFactor factor, String code, Instant now) {
        Totp totp = factor.parameters();
        if (code == null || code.length() != totp.digits() || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        SecretBytes seed = SecretBytes.copyOf(seeds.open(factor.sealedSeed(), associatedData(factor.id(),
                factor.userId())));
        try {
            long current = totp.stepAt(now);
            Optional<Long> match = Optional.empty();
            for (long step = current - 1; step <= current + 1; step++) {
                boolean equal = MessageDigest.isEqual(totp.code(seed, step).getBytes(StandardCharsets.US_ASCII),
                        code.getBytes(StandardCharsets.US_ASCII));
                if (equal && match.isEmpty()) {
                    match = Optional.of(step);
                }
            }
            return match;
        } finally {
            seed.destroy();
        }
    }

    private static byte[] associatedData(String id, UserId user) {
        return ("bulwark totp seed v1:" + id + ":" + user).getBytes(StandardCharsets.UTF_8);
    }

    private String uri(String account, String secret, Totp parameters) {
        // Key Uri Format (Google Authenticator): otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…
        String label = encode(issuerName) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + encode(issuerName) + "&algorithm="
                + parameters.algorithm().uriName() + "&digits=" + parameters.digits() + "&period="
                + parameters.period().toSeconds();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String recoveryCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < RECOVERY_CODE_LENGTH; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(RECOVERY_ALPHABET.charAt(random.nextInt(RECOVERY_ALPHABET.length())));
        }
        return code.toString();
    }

    /** A recovery code as typed: any case, with or without dashes and spaces. */
    private static Optional<String> normalisedRecoveryCode(String typed) {
        if (typed == null || typed.length() > LONGEST_INPUT) {
            return Optional.empty();
        }
        String normal = typed.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
        boolean wellFormed = normal.length() == RECOVERY_CODE_LENGTH
                && normal.chars().allMatch(c -> RECOVERY_ALPHABET.indexOf(c) >= 0);
        return wellFormed ? Optional.of(normal) : Optional.empty();
    }
}
