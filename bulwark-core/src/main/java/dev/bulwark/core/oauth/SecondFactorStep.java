package dev.bulwark.core.oauth;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.SecondFactorPolicy;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.identity.UserRepository;
import dev.bulwark.core.mfa.FactorKind;
import dev.bulwark.core.mfa.SecondFactors;
import dev.bulwark.core.mfa.TotpFactor;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Asks for a second factor when the app's policy or the app's {@code acr_values} demand one, after the password
 * has identified the user. The refusal ({@code insufficient_authorization}) lists the factors the user can pass
 * ({@code factors}); the app sends one as {@code otp} (an authenticator app's code) or {@code recovery_code}.
 *
 * <p>A user who must pass one but has none enrols an authenticator app here: the app sends {@code enroll=totp},
 * shows the returned {@code otpauth_uri} (or {@code totp_secret}) to the user, and sends the first code as
 * {@code otp}; that code both confirms the enrolment and passes the factor.
 */
public final class SecondFactorStep implements ChallengeStep {
    private final SecondFactors factors;
    private final UserRepository users;
    private final Clock clock;

    public SecondFactorStep(SecondFactors factors, UserRepository users, Clock clock) {
        this.factors = factors;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public AuthSession apply(App client, AuthSession session, ChallengeRequest request) {
        if (session.userId().isEmpty() || session.methods().contains(Assurance.ONE_TIME_PASSWORD)) {
            return session;
        }
        UserId user = session.userId().get();
        SecondFactorPolicy policy = client.definition().secondFactors();
        Set<FactorKind> usable = EnumSet.noneOf(FactorKind.class);
        usable.addAll(factors.enrolled(user).kinds());
        usable.retainAll(policy.accepted());
        boolean demanded = session.pending().contains(AuthSession.Requirement.SECOND_FACTOR)
                || policy.demands(session.scopes(), !usable.isEmpty(), false);
        if (!demanded) {
            return session;
        }
        if (usable.isEmpty()) {
            enrol(session, request, user);
        } else {
            verify(usable, request, user);
        }
        return session.authenticated(user, clock.instant(), Assurance.ONE_TIME_PASSWORD, Set.of())
                .satisfied(AuthSession.Requirement.SECOND_FACTOR);
    }

    private void verify(Set<FactorKind> usable, ChallengeRequest request, UserId user) {
        Optional<String> otp = request.parameter("otp");
        Optional<String> recoveryCode = request.parameter("recovery_code");
        List<String> offered = usable.stream().map(FactorKind::value).sorted().toList();
        if (otp.isEmpty() && recoveryCode.isEmpty()) {
            throw new DomainException(ErrorCode.INSUFFICIENT_AUTHORIZATION, "A second factor is required: send otp "
                    + "or recovery_code.").with(Map.of("factors", offered));
        }
        FactorKind kind = otp.isPresent() ? FactorKind.TOTP : FactorKind.RECOVERY_CODE;
        if (!usable.contains(kind)) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "That factor cannot be used here.")
                    .with(Map.of("factors", offered));
        }
        if (!factors.verify(user, kind, otp.or(() -> recoveryCode).orElseThrow(), request.clientIp())) {
            throw refused(offered);
        }
    }

    private void enrol(AuthSession session, ChallengeRequest request, UserId user) {
        // Only an enrolment begun in this sign-in can be finished by it.
        Optional<TotpFactor> pending = factors.pendingTotp(user)
                .filter(f -> !f.createdAt().isBefore(session.createdAt()));
        Optional<String> otp = request.parameter("otp");
        if (pending.isPresent() && otp.isPresent()) {
            try {
                factors.confirmTotp(user, pending.get().id(), otp.get(), request.clientIp(), Actor.user(user));
                return;
            } catch (DomainException wrong) {
                throw refused(List.of(FactorKind.TOTP.value()));
            }
        }
        if (!request.parameter("enroll").map(FactorKind.TOTP.value()::equals).orElse(false)) {
            throw new DomainException(ErrorCode.INSUFFICIENT_AUTHORIZATION, "A second factor is required and none "
                    + "is enrolled: send enroll=totp to enrol an authenticator app.")
                    .with(Map.of("factors", List.of(), "enroll", List.of(FactorKind.TOTP.value())));
        }
        User account = users.findById(user).orElseThrow(() -> new DomainException(ErrorCode.ACCESS_DENIED,
                "The user may not sign in."));
        SecondFactors.TotpEnrolment enrolment = factors.beginTotp(account);
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("otpauth_uri", enrolment.uri());
        members.put("totp_secret", enrolment.secret());
        members.put("enroll", List.of(FactorKind.TOTP.value()));
        throw new DomainException(ErrorCode.INSUFFICIENT_AUTHORIZATION, "Add this key to an authenticator app and "
                + "send its first code as otp.").with(members);
    }

    private static DomainException refused(List<String> offered) {
        return new DomainException(ErrorCode.ACCESS_DENIED, "The code is not correct.")
                .with(Map.of(ChallengeService.FAILED_ATTEMPT, true, "factors", offered));
    }
}
