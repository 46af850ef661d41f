package dev.bulwark.core.mfa;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.Transactions;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvents.CredentialFailed;
import dev.bulwark.core.audit.AuditEvents.CredentialKind;
import dev.bulwark.core.audit.AuditEvents.CredentialVerified;
import dev.bulwark.core.audit.AuditEvents.FailureReason;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.crypto.SecretBytes;
import dev.bulwark.core.identity.EmailAddress;
import dev.bulwark.core.identity.PhoneNumber;
import dev.bulwark.core.notify.DeliveryFailure;
import dev.bulwark.core.notify.SmsSender;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.notify.MessageTexts;
import dev.bulwark.core.notify.Mailer;
import dev.bulwark.core.protection.CredentialGuard;
import dev.bulwark.core.protection.ThrottleKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Codes sent by email or SMS: 8 digits from a CSPRNG, bound to one attempt (a sign-in or a password reset), single use,
 * valid 10 minutes, at most 5 wrong tries, at most 3 sends per attempt and one per 30 seconds. Stored as an
 * HMAC-SHA-256 under a key derived from the master key, so that a copy of the database does not let anyone try the
 * hundred million codes offline. Every check goes through the brute-force protection and is audited.
 */
public final class OneTimeCodes {
    static final int DIGITS = 8;
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    static final int MOST_FAILURES = 5;
    static final int MOST_SENDS = 3;
    static final Duration RESEND_INTERVAL = Duration.ofSeconds(30);

    private final OneTimeCodeRepository codes;
    private final Optional<Mailer> mailer;
    private final Optional<SmsSender> sms;
    private final MessageTexts texts;
    private final CredentialGuard guard;
    private final AuditTrail audit;
    private final Transactions transactions;
    private final Clock clock;
    private final SecureRandom random;
    private final SecretKeySpec macKey;

    public OneTimeCodes(OneTimeCodeRepository codes, Optional<Mailer> mailer, Optional<SmsSender> sms,
                        MessageTexts texts, CredentialGuard guard, AuditTrail audit, Transactions transactions,
                        Clock clock, SecureRandom random, SecretBytes macKey) {
        this.codes = codes;
        this.mailer = mailer;
        this.sms = sms;
        this.texts = texts;
        this.guard = guard;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.random = random;
        this.macKey = new SecretKeySpec(macKey.reveal(), "HmacSHA256");
    }

    /** Where a code goes. */
    public enum Channel {
        EMAIL, SMS
    }

    /** Whether a code can be sent to this user this way: the channel is set up and they have an address or number. */
    public boolean canSend(User user, Channel channel) {
        return switch (channel) {
            case EMAIL -> mailer.isPresent() && user.email().isPresent();
            case SMS -> sms.isPresent() && user.phone().isPresent();
        };
    }

    /** The code's key: one code per attempt and channel. */
    private static String key(String attempt, Channel channel) {
        return attempt + ":" + channel.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Sends a new code for the attempt, replacing any earlier one sent the same way.
     *
     * @return the address or number, masked for showing ({@code a•••@example.com}, {@code +44•••••••89})
     * @throws DomainException {@code too_many_requests} (with {@code retry_after}) past the resend limits;
     *                         {@code invalid_request} when the user has no address or number, or the channel is off
     */
    public String send(User user, String attemptOfUser, Channel channel, OneTimeCode.Purpose purpose) {
        if (!canSend(user, channel)) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "Codes cannot be sent this way to this account.");
        }
        String attempt = key(attemptOfUser, channel);
        Instant now = clock.instant();
        Optional<OneTimeCode> earlier = codes.find(attempt).filter(c -> c.userId().equals(user.id()));
        int sends = earlier.map(OneTimeCode::sends).orElse(0);
        if (sends >= MOST_SENDS) {
            throw new DomainException(ErrorCode.TOO_MANY_REQUESTS, "No more codes can be sent for this attempt; "
                    + "start again.");
        }
        Optional<Instant> nextAllowed = earlier.map(c -> c.sentAt().plus(RESEND_INTERVAL)).filter(now::isBefore);
        if (nextAllowed.isPresent()) {
            throw new DomainException(ErrorCode.TOO_MANY_REQUESTS, "A code was sent moments ago; wait before asking "
                    + "for another.").with(Map.of(CredentialGuard.RETRY_AFTER,
                    Math.max(1, Duration.between(now, nextAllowed.get()).toSeconds() + 1)));
        }
        String code = newCode();
        transactions.run(() -> {
            codes.deleteExpired(now);
            codes.save(new OneTimeCode(attempt, purpose, user.id(), mac(attempt, code), now, now.plus(LIFETIME),
                    sends + 1, 0, Optional.empty()));
        });
        try {
            if (channel == Channel.SMS) {
                PhoneNumber to = user.phone().orElseThrow();
                sms.get().send(to, texts.smsSignInCode(code, LIFETIME));
                return masked(to);
            }
            EmailAddress to = user.email().orElseThrow();
            mailer.get().send(purpose == OneTimeCode.Purpose.SIGN_IN ? texts.signInCode(to, code, LIFETIME)
                    : texts.passwordResetCode(to, code, LIFETIME));
            return masked(to);
        } catch (DeliveryFailure failed) {
            throw new DomainException(ErrorCode.UNAVAILABLE, "The code could not be sent; try again in a moment or "
                    + "use another factor.");
        }
    }

    /** The purpose a code of this attempt was sent for, if one was. */
    public Optional<OneTimeCode> sent(String attemptOfUser, Channel channel) {
        return codes.find(key(attemptOfUser, channel));
    }

    /**
     * Checks a code typed for the attempt. A wrong, expired, used or throttled code gets the same answer.
     *
     * @return whether it verified (and is now spent)
     */
    public boolean verify(UserId user, String attempt, Channel channel, String typed, Optional<String> address) {
        return verify(user, attempt, channel, typed, address, () -> { });
    }

    /**
     * As {@link #verify(UserId, String, Channel, String, Optional)}, running {@code beforeSpending} once the code matched and
     * before it is spent: when that throws, the code stays usable (a new password the policy refuses does not cost
     * the user their code) and the exception propagates.
     */
    public boolean verify(UserId user, String attemptOfUser, Channel channel, String typed,
                          Optional<String> address, Runnable beforeSpending) {
        String attempt = key(attemptOfUser, channel);
        CredentialKind kind = channel == Channel.SMS ? CredentialKind.SMS_CODE : CredentialKind.EMAIL_CODE;
        guard.admit(address);
        Instant now = clock.instant();
        Optional<OneTimeCode> code = codes.find(attempt)
                .filter(c -> c.userId().equals(user) && c.usedAt().isEmpty() && c.expiresAt().isAfter(now)
                        && c.failures() < MOST_FAILURES);
        if (code.isEmpty()) {
            // Nothing left to guess (never sent, used, expired, or out of tries): the account's counts stay as they
            // are, so that anyone who can start a reset cannot lock the user out by typing at a dead code.
            guard.failedFrom(address);
            audit.record(new CredentialFailed(Optional.of(user), kind, FailureReason.NO_CREDENTIAL), Actor.user(user));
            return false;
        }
        try (CredentialGuard.Attempt check = guard.begin(Optional.of(throttleKey(code.get())), address)) {
            if (check.blocked()) {
                audit.record(new CredentialFailed(Optional.of(user), kind, FailureReason.LOCKED),
                        Actor.user(user));
                return false;
            }
            String normal = typed == null ? "" : typed.strip();
            boolean matches = normal.length() == DIGITS
                    && MessageDigest.isEqual(mac(attempt, normal).getBytes(StandardCharsets.US_ASCII),
                    code.get().mac().getBytes(StandardCharsets.US_ASCII));
            if (matches) {
                beforeSpending.run();
            }
            boolean right = matches && codes.use(attempt, code.get().mac(), now);
            if (right) {
                check.succeeded();
                audit.record(new CredentialVerified(user, kind), Actor.user(user));
                return true;
            }
            codes.fail(attempt);
            check.failed(Optional.of(user));
            audit.record(new CredentialFailed(Optional.of(user), kind, FailureReason.WRONG_SECRET),
                    Actor.user(user));
            return false;
        }
    }

    /**
     * What a wrong code counts against: a sign-in code against the user's second factors (it is one), a reset code
     * against resets alone, so that guessing at a reset (which anyone who knows an address can start) never locks
     * the user's authenticator, recovery codes, passkeys or device keys.
     */
    private static ThrottleKey throttleKey(OneTimeCode code) {
        return switch (code.purpose()) {
            case SIGN_IN -> ThrottleKey.secondFactor(code.userId());
            case PASSWORD_RESET -> ThrottleKey.passwordResetCode(code.userId());
        };
    }

    private String newCode() {
        StringBuilder code = new StringBuilder(DIGITS);
        for (int i = 0; i < DIGITS; i++) {
            code.append((char) ('0' + random.nextInt(10)));
        }
        return code.toString();
    }

    private String mac(String attempt, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            mac.update(attempt.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(code.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** {@code +447700900123} as {@code +44•••••••23}: enough to recognise, too little to harvest. */
    static String masked(PhoneNumber number) {
        String value = number.value();
        return value.substring(0, 3) + "•".repeat(Math.max(0, value.length() - 5)) + value.substring(value.length() - 2);
    }

    /** {@code alice@example.com} as {@code a•••@example.com}: enough to recognise, too little to harvest. */
    static String masked(EmailAddress address) {
        String value = address.value();
        int at = value.lastIndexOf('@');
        return value.charAt(0) + "•••" + value.substring(at);
    }
}
