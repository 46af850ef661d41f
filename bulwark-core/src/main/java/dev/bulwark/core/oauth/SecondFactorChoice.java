package dev.bulwark.core.oauth;

import dev.bulwark.core.app.App;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.mfa.DeviceKey;
import dev.bulwark.core.mfa.DeviceKeys;
import dev.bulwark.core.mfa.EnrolledFactors;
import dev.bulwark.core.mfa.FactorKind;
import dev.bulwark.core.mfa.OneTimeCodes;
import dev.bulwark.core.mfa.Passkeys;
import dev.bulwark.core.mfa.SecondFactors;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which second factors a sign-in asks for and accepts, for both sign-in surfaces (the first-party challenge
 * endpoint and the hosted pages), so that they cannot drift apart.
 */
public final class SecondFactorChoice {
    private final SecondFactors factors;
    private final OneTimeCodes codes;
    private final DeviceKeys deviceKeys;
    private final Passkeys passkeys;
    private final EnrolledFactors enrolledFactors;

    public SecondFactorChoice(SecondFactors factors, OneTimeCodes codes, DeviceKeys deviceKeys, Passkeys passkeys,
                              EnrolledFactors enrolledFactors) {
        this.enrolledFactors = enrolledFactors;
        this.factors = factors;
        this.codes = codes;
        this.deviceKeys = deviceKeys;
        this.passkeys = passkeys;
    }

    /**
     * What a sign-in may ask of its user.
     *
     * @param enrolled  the user's enrolled factors that the app accepts and this surface can use
     * @param elsewhere the user's enrolled factors that cannot be used here: the app does not accept them, or (a
     *                  device key) a browser cannot use them
     * @param offered   what the sign-in may use: the enrolled ones, and an emailed code where the app accepts it,
     *                  the user has an address and two factors (AAL2) were not asked for (SMS likewise)
     * @param totpAccepted whether the app accepts an authenticator app, the one factor a user can enrol while
     *                  signing in
     * @param demanded  whether this sign-in must pass one: decided with every factor the user has enrolled, whether
     *                  or not the app accepts it (a user with a factor is asked for one)
     * @param browser   whether these are the options of a sign-in in a browser (the hosted pages)
     */
    public record Options(Set<FactorKind> enrolled, Set<FactorKind> elsewhere, Set<FactorKind> offered,
                          boolean totpAccepted, boolean demanded, boolean browser) {
        public Options {
            enrolled = Set.copyOf(enrolled);
            elsewhere = Set.copyOf(elsewhere);
            offered = Set.copyOf(offered);
        }

        /** For browsers, which cannot use a native app's device key. */
        public Options inBrowser() {
            if (!enrolled.contains(FactorKind.DEVICE_KEY)) {
                return this;
            }
            Set<FactorKind> browserEnrolled = EnumSet.noneOf(FactorKind.class);
            browserEnrolled.addAll(enrolled);
            browserEnrolled.remove(FactorKind.DEVICE_KEY);
            Set<FactorKind> browserElsewhere = EnumSet.of(FactorKind.DEVICE_KEY);
            browserElsewhere.addAll(elsewhere);
            Set<FactorKind> browserOffered = EnumSet.noneOf(FactorKind.class);
            browserOffered.addAll(offered);
            browserOffered.remove(FactorKind.DEVICE_KEY);
            return new Options(browserEnrolled, browserElsewhere, browserOffered, totpAccepted, demanded, true);
        }

        /**
         * Whether the user may enrol an authenticator app during this sign-in: only a user with no factor at all
         * (a password alone must never add a factor beside one the user has), in an app that accepts it.
         */
        public boolean canEnrol() {
            return enrolled.isEmpty() && elsewhere.isEmpty() && totpAccepted;
        }

        /** Whether a factor is demanded that the user can neither pass here nor enrol: the sign-in cannot go on. */
        public boolean stuck() {
            return demanded && offered.isEmpty() && !canEnrol();
        }

        /** Why a {@link #stuck} sign-in cannot go on, in words for the user (who has proven their password). */
        public String stuckReason() {
            boolean one = elsewhere.size() == 1;
            String why = browser && elsewhere.equals(Set.of(FactorKind.DEVICE_KEY))
                    ? "a device key works only in the app on the phone that holds it"
                    : "this app does not accept " + (one ? "it" : "them");
            return "The second factor" + (one ? "" : "s") + " on your account (" + names(elsewhere) + ") cannot be "
                    + "used for this sign-in: " + why + ". " + (totpAccepted
                    ? "Add an authenticator app to your account where you can sign in now, then try again."
                    : "Add a factor this app accepts where you can sign in now, then try again.");
        }

        /** The offered factors' names, sorted, for responses. */
        public List<String> offeredNames() {
            return offered.stream().map(FactorKind::value).sorted().toList();
        }

        private static String names(Set<FactorKind> kinds) {
            return String.join(", ", kinds.stream().map(FactorKind::value).sorted().toList());
        }
    }

    public Options options(App app, User user, Scopes scopes, boolean twoFactorsAsked) {
        var policy = app.definition().secondFactors();
        Set<FactorKind> all = enrolledFactors.kindsOf(user.id());
        Set<FactorKind> enrolled = EnumSet.noneOf(FactorKind.class);
        Set<FactorKind> elsewhere = EnumSet.noneOf(FactorKind.class);
        for (FactorKind kind : all) {
            (policy.accepted().contains(kind) ? enrolled : elsewhere).add(kind);
        }
        Set<FactorKind> offered = EnumSet.noneOf(FactorKind.class);
        offered.addAll(enrolled);
        if (!twoFactorsAsked && policy.accepted().contains(FactorKind.EMAIL_CODE)
                && codes.canSend(user, OneTimeCodes.Channel.EMAIL)) {
            offered.add(FactorKind.EMAIL_CODE); // never toward AAL2: email is no out-of-band channel (NIST)
        }
        if (policy.accepted().contains(FactorKind.SMS_CODE) && codes.canSend(user, OneTimeCodes.Channel.SMS)) {
            offered.add(FactorKind.SMS_CODE);
        }
        return new Options(enrolled, elsewhere, offered, policy.accepted().contains(FactorKind.TOTP),
                policy.demands(scopes, !all.isEmpty(), twoFactorsAsked), false);
    }

    /** Whether a sign-in must pass a second factor, as {@link #options} would say, from the user's id alone. */
    public boolean demanded(App app, UserId user, Scopes scopes, boolean twoFactorsAsked) {
        return app.definition().secondFactors().demands(scopes, hasAnyFactor(user), twoFactorsAsked);
    }

    /**
     * Checks a code of one of the offered factors.
     *
     * @param attempt the sign-in an emailed code was bound to
     * @return the RFC 8176 method passed, if the code verified
     */
    public Optional<String> verify(User user, Options options, FactorKind kind, String code, String attempt,
                                   Optional<String> address) {
        if (!options.offered().contains(kind) || kind == FactorKind.DEVICE_KEY || kind == FactorKind.PASSKEY) {
            return Optional.empty();
        }
        boolean passed = channel(kind).map(channel -> codes.verify(user.id(), attempt, channel, code, address))
                .orElseGet(() -> factors.verify(user.id(), kind, code, address));
        if (!passed) {
            return Optional.empty();
        }
        return Optional.of(switch (kind) {
            case EMAIL_CODE -> Assurance.EMAIL_CODE;
            case SMS_CODE -> Assurance.SMS_CODE;
            case TOTP, RECOVERY_CODE -> Assurance.ONE_TIME_PASSWORD;
            case DEVICE_KEY, PASSKEY -> throw new IllegalArgumentException(kind + " is checked by signature");
        });
    }

    /** Whether the user has any factor of any kind enrolled (whatever an app accepts). */
    public boolean hasAnyFactor(UserId user) {
        return !enrolledFactors.kindsOf(user).isEmpty();
    }

    /** Options for a passkey assertion bound to the attempt. */
    public Map<String, Object> passkeyOptions(String attempt) {
        return passkeys.authenticationOptions(attempt);
    }

    /** The methods a passkey assertion passes, when it verifies and is the user's own passkey. */
    public Optional<List<String>> verifyPasskey(User user, String attempt, String response, Optional<String> address) {
        return passkeys.authenticate(attempt, response, address)
                .filter(signedIn -> signedIn.passkey().userId().equals(user.id()))
                .map(Passkeys.SignedIn::methods);
    }

    /** The user's device key of this id, when device keys are offered. */
    public Optional<DeviceKey> deviceKey(User user, Options options, String id) {
        return options.offered().contains(FactorKind.DEVICE_KEY)
                ? deviceKeys.find(id).filter(k -> k.userId().equals(user.id())) : Optional.empty();
    }

    /** A challenge for the device key to sign. */
    public String deviceKeyChallenge(DeviceKey key, String attempt) {
        return deviceKeys.challenge(attempt, key);
    }

    /** The method a device key's signature over the attempt's challenge passes, if it verifies. */
    public Optional<String> verifyDeviceKey(DeviceKey key, String attempt, String signature, Optional<String> address) {
        return deviceKeys.verify(key, attempt, signature, address) ? Optional.of(DeviceKeyStep.method(key))
                : Optional.empty();
    }

    /**
     * Sends a sign-in code of a factor that is sent ({@code email_code}, {@code sms_code}) for the attempt.
     *
     * @return the masked address or number
     */
    public String sendCode(User user, Options options, FactorKind kind, String attempt) {
        if (!options.offered().contains(kind) || channel(kind).isEmpty()) {
            throw new dev.bulwark.core.DomainException(dev.bulwark.core.ErrorCode.INVALID_REQUEST,
                    "That factor is not sent.");
        }
        return codes.send(user, attempt, channel(kind).get(), dev.bulwark.core.mfa.OneTimeCode.Purpose.SIGN_IN);
    }

    private static Optional<OneTimeCodes.Channel> channel(FactorKind kind) {
        return switch (kind) {
            case EMAIL_CODE -> Optional.of(OneTimeCodes.Channel.EMAIL);
            case SMS_CODE -> Optional.of(OneTimeCodes.Channel.SMS);
            case TOTP, RECOVERY_CODE, DEVICE_KEY, PASSKEY -> Optional.empty();
        };
    }
}
