package dev.bulwark.core.oauth;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserRepository;
import dev.bulwark.core.mfa.DeviceKey;
import dev.bulwark.core.mfa.FactorKind;
import dev.bulwark.core.mfa.SecondFactors;
import dev.bulwark.core.mfa.TotpFactor;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Asks for a second factor when the app's policy or the app's {@code acr_values} demand one, after the password
 * has identified the user. The refusal ({@code insufficient_authorization}) lists the factors the user can pass
 * ({@code factors}); the app sends one as {@code otp} (an authenticator app's code), {@code recovery_code} or
 * {@code email_code} (after asking for one with {@code send=email_code}).
 *
 * <p>A user who must pass one but has enrolled none (of any kind) may enrol an authenticator app here: the app sends
 * {@code enroll=totp}, shows the returned {@code otpauth_uri} (or {@code totp_secret}) to the user, and sends the
 * first code as {@code otp}; that code both confirms the enrolment and passes the factor. A user whose factors the
 * app does not accept is refused with {@code access_denied} saying so: a password alone never adds a factor beside
 * one the user has, nor skips the factor.
 */
public final class SecondFactorStep implements ChallengeStep {
    private final SecondFactorChoice choice;
    private final SecondFactors factors;
    private final UserRepository users;
    private final Clock clock;

    public SecondFactorStep(SecondFactorChoice choice, SecondFactors factors, UserRepository users, Clock clock) {
        this.choice = choice;
        this.factors = factors;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public Progress apply(App client, AuthSession session, ChallengeRequest request) {
        boolean twoFactorsAsked = session.pending().contains(AuthSession.Requirement.SECOND_FACTOR);
        if (session.userId().isEmpty()) {
            return Progress.to(session);
        }
        if (twoFactorsAsked ? Assurance.AAL2.equals(Assurance.of(session.methods()))
                : Assurance.secondFactorPassed(session.methods())) {
            return Progress.to(session.satisfied(AuthSession.Requirement.SECOND_FACTOR));
        }
        // Most users have no second factor: whether one is demanded needs no more than their id.
        if (!choice.demanded(client, session.userId().get(), session.scopes(), twoFactorsAsked)) {
            return Progress.to(session);
        }
        User user = users.findById(session.userId().get()).orElseThrow(() -> new DomainException(
                ErrorCode.ACCESS_DENIED, "The user may not sign in."));
        SecondFactorChoice.Options options = choice.options(client, user, session.scopes(), twoFactorsAsked);
        if (!options.demanded()) {
            return Progress.to(session);
        }
        if (options.stuck()) {
            throw new DomainException(ErrorCode.ACCESS_DENIED, options.stuckReason());
        }
        Optional<TotpFactor> enrolment = factors.pendingTotp(user.id())
                .filter(f -> !f.createdAt().isBefore(session.createdAt()));
        boolean enrolling = options.canEnrol() && (options.offered().isEmpty()
                || request.parameter("enroll").isPresent()
                || enrolment.isPresent() && request.parameter("otp").isPresent());
        List<String> methods = enrolling ? List.of(enrol(user, enrolment, request))
                : verify(user, options, session, request);
        AuthSession passed = session;
        for (String method : methods) {
            passed = passed.authenticated(user.id(), clock.instant(), method, Set.of());
        }
        Progress progress = Progress.to(passed.satisfied(AuthSession.Requirement.SECOND_FACTOR));
        // The first authenticator comes with the first recovery codes, so that a lost phone does not lock the user
        // out; they are shown in this answer only.
        List<String> recoveryCodes = enrolling ? factors.firstRecoveryCodes(user.id(), Actor.user(user.id()))
                : List.of();
        return recoveryCodes.isEmpty() ? progress : progress.showing(Map.of("recovery_codes", recoveryCodes));
    }

    private List<String> verify(User user, SecondFactorChoice.Options options, AuthSession session,
                                ChallengeRequest request) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("factors", options.offeredNames());
        if (options.canEnrol()) {
            members.put("enroll", List.of(FactorKind.TOTP.value()));
        }
        Optional<String> passkeyResponse = request.parameter("passkey_response");
        if (options.offered().contains(FactorKind.PASSKEY)
                && (passkeyResponse.isPresent() || request.parameter("passkey").map("request"::equals).orElse(false))) {
            if (passkeyResponse.isEmpty()) {
                Map<String, Object> asked = new LinkedHashMap<>(members);
                asked.put("passkey_options", choice.passkeyOptions(session.digest()));
                throw new DomainException(ErrorCode.INSUFFICIENT_AUTHORIZATION, "Get a passkey assertion with "
                        + "passkey_options and send it as passkey_response.").with(asked);
            }
            return choice.verifyPasskey(user, session.digest(), passkeyResponse.get(), request.clientIp())
                    .orElseThrow(() -> refused(members));
        }
        Optional<String> deviceKeyId = request.parameter("device_key_id");
        if (deviceKeyId.isPresent()) {
            DeviceKey key = choice.deviceKey(user, options, deviceKeyId.get()).orElseThrow(() -> refused(members));
            Optional<String> signature = request.parameter("device_key_signature");
            if (signature.isEmpty()) {
                Map<String, Object> challenge = new LinkedHashMap<>(members);
                challenge.put("device_key_challenge", choice.deviceKeyChallenge(key, session.digest()));
                throw new DomainException(ErrorCode.INSUFFICIENT_AUTHORIZATION, "Sign device_key_challenge with the "
                        + "device key and send it as device_key_signature.").with(challenge);
            }
            return List.of(choice.verifyDeviceKey(key, session.digest(), signature.get(), request.clientIp())
                    .orElseThrow(() -> refused(members)));
        }
        Optional<FactorKind> toSend = request.parameter("send").flatMap(FactorKind::fromValue);
        if (toSend.isPresent()) {
            members.put("sent", toSend.get().value());
            members.put("destination", choice.sendCode(user, options, toSend.get(), session.digest()));
            throw new DomainException(ErrorCode.INSUFFICIENT_AUTHORIZATION, "A code was sent: send it as "
                    + toSend.get().value() + ".").with(members);
        }
        Optional<FactorKind> kind = CODE_FIELDS.keySet().stream()
                .filter(field -> request.parameter(field).isPresent()).findFirst().map(CODE_FIELDS::get);
        if (kind.isEmpty()) {
            throw new DomainException(ErrorCode.INSUFFICIENT_AUTHORIZATION, howToAnswer(options)).with(members);
        }
        String code = request.parameter(field(kind.get())).orElseThrow();
        return List.of(choice.verify(user, options, kind.get(), code, session.digest(), request.clientIp())
                .orElseThrow(() -> refused(members)));
    }

    private String enrol(User user, Optional<TotpFactor> enrolment, ChallengeRequest request) {
        Optional<String> otp = request.parameter("otp");
        if (enrolment.isPresent() && otp.isPresent()) {
            try {
                factors.confirmTotp(user.id(), enrolment.get().id(), otp.get(), request.clientIp(),
                        Actor.user(user.id()));
                return Assurance.ONE_TIME_PASSWORD;
            } catch (DomainException wrong) {
                throw refused(Map.of("factors", List.of(), "enroll", List.of(FactorKind.TOTP.value())));
            }
        }
        if (!request.parameter("enroll").map(FactorKind.TOTP.value()::equals).orElse(false)) {
            throw new DomainException(ErrorCode.INSUFFICIENT_AUTHORIZATION, "A second factor is required and none "
                    + "is enrolled: send enroll=totp to enrol an authenticator app.")
                    .with(Map.of("factors", List.of(), "enroll", List.of(FactorKind.TOTP.value())));
        }
        SecondFactors.TotpEnrolment begun = factors.beginTotp(user);
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("otpauth_uri", begun.uri());
        members.put("totp_secret", begun.secret());
        members.put("enroll", List.of(FactorKind.TOTP.value()));
        throw new DomainException(ErrorCode.INSUFFICIENT_AUTHORIZATION, "Add this key to an authenticator app and "
                + "send its first code as otp.").with(members);
    }

    /**
     * How to answer with the factors offered, and only those: an app may accept fewer than Bulwark knows, and a code
     * that cannot be sent (no mail or SMS set up, no address) is not offered.
     */
    static String howToAnswer(SecondFactorChoice.Options options) {
        List<String> send = new java.util.ArrayList<>();
        List<String> ask = new java.util.ArrayList<>();
        for (FactorKind kind : new java.util.TreeSet<>(options.offered())) {
            switch (kind) {
                case TOTP -> send.add("otp");
                case RECOVERY_CODE -> send.add("recovery_code");
                case DEVICE_KEY -> send.add("device_key_id");
                case PASSKEY -> send.add("passkey=request");
                case EMAIL_CODE, SMS_CODE -> ask.add("send=" + kind.value());
            }
        }
        StringBuilder text = new StringBuilder("A second factor is required: ");
        if (!send.isEmpty()) {
            text.append("send ").append(either(send));
        }
        if (!ask.isEmpty()) {
            text.append(send.isEmpty() ? "" : ", or ").append("ask for a code with ").append(either(ask))
                    .append(" and send it back");
        }
        return text.append('.').toString();
    }

    private static String either(List<String> items) {
        return items.size() == 1 ? items.get(0)
                : String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }

    /** The request parameter that carries each factor's code. */
    private static final Map<String, FactorKind> CODE_FIELDS = orderedFields();

    private static Map<String, FactorKind> orderedFields() {
        Map<String, FactorKind> fields = new LinkedHashMap<>();
        fields.put("otp", FactorKind.TOTP);
        fields.put("recovery_code", FactorKind.RECOVERY_CODE);
        fields.put("email_code", FactorKind.EMAIL_CODE);
        fields.put("sms_code", FactorKind.SMS_CODE);
        return java.util.Collections.unmodifiableMap(fields);
    }

    static String field(FactorKind kind) {
        return kind == FactorKind.TOTP ? "otp" : kind.value();
    }

    private static DomainException refused(Map<String, Object> members) {
        Map<String, Object> marked = new LinkedHashMap<>(members);
        marked.put(ChallengeService.FAILED_ATTEMPT, true);
        return new DomainException(ErrorCode.ACCESS_DENIED, "The code is not correct.").with(marked);
    }
}
