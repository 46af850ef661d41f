package dev.bulwark.core.oauth;

import dev.bulwark.core.app.App;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.mfa.FactorKind;
import dev.bulwark.core.mfa.OneTimeCodes;
import dev.bulwark.core.mfa.SecondFactors;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which second factors a sign-in asks for and accepts, for both sign-in surfaces (the first-party challenge
 * endpoint and the hosted pages), so that they cannot drift apart.
 */
public final class SecondFactorChoice {
    private final SecondFactors factors;
    private final OneTimeCodes codes;

    public SecondFactorChoice(SecondFactors factors, OneTimeCodes codes) {
        this.factors = factors;
        this.codes = codes;
    }

    /**
     * @param enrolled the user's enrolled factors that the app accepts
     * @param offered  what the sign-in may use: the enrolled ones, and an emailed code where the app accepts it,
     *                 the user has an address and two factors (AAL2) were not asked for
     * @param demanded whether this sign-in must pass one
     */
    public record Options(Set<FactorKind> enrolled, Set<FactorKind> offered, boolean demanded) {
        public Options {
            enrolled = Set.copyOf(enrolled);
            offered = Set.copyOf(offered);
        }

        /** The offered factors' names, sorted, for responses. */
        public List<String> offeredNames() {
            return offered.stream().map(FactorKind::value).sorted().toList();
        }
    }

    public Options options(App app, User user, Scopes scopes, boolean twoFactorsAsked) {
        var policy = app.definition().secondFactors();
        Set<FactorKind> enrolled = EnumSet.noneOf(FactorKind.class);
        enrolled.addAll(factors.enrolled(user.id()).kinds());
        enrolled.retainAll(policy.accepted());
        Set<FactorKind> offered = EnumSet.noneOf(FactorKind.class);
        offered.addAll(enrolled);
        if (!twoFactorsAsked && policy.accepted().contains(FactorKind.EMAIL_CODE)
                && codes.canSend(user, OneTimeCodes.Channel.EMAIL)) {
            offered.add(FactorKind.EMAIL_CODE); // never toward AAL2: email is no out-of-band channel (NIST)
        }
        if (policy.accepted().contains(FactorKind.SMS_CODE) && codes.canSend(user, OneTimeCodes.Channel.SMS)) {
            offered.add(FactorKind.SMS_CODE);
        }
        return new Options(enrolled, offered, policy.demands(scopes, !enrolled.isEmpty(), twoFactorsAsked));
    }

    /**
     * Checks a code of one of the offered factors.
     *
     * @param attempt the sign-in an emailed code was bound to
     * @return the RFC 8176 method passed, if the code verified
     */
    public Optional<String> verify(User user, Options options, FactorKind kind, String code, String attempt,
                                   Optional<String> address) {
        if (!options.offered().contains(kind)) {
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
        });
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
            case TOTP, RECOVERY_CODE -> Optional.empty();
        };
    }
}
