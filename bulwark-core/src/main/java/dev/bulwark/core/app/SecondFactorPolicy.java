package dev.bulwark.core.app;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.mfa.FactorKind;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * When an app's sign-ins must pass a second factor, and which factors count. A user without a factor who must pass
 * one enrols an authenticator app during the sign-in (the password has identified them).
 *
 * @param requirement     default {@link Requirement#OPTIONAL}
 * @param accepted        the factors that count; default all but SMS, which NIST SP 800-63B restricts
 * @param sensitiveScopes the scopes that demand a second factor under {@link Requirement#SENSITIVE_SCOPES}
 */
public record SecondFactorPolicy(Requirement requirement, Set<FactorKind> accepted, Scopes sensitiveScopes) {
    /** Optional, every factor but SMS (a restricted authenticator: an app opts in). */
    public static final SecondFactorPolicy DEFAULT = new SecondFactorPolicy(Requirement.OPTIONAL,
            EnumSet.complementOf(EnumSet.of(FactorKind.SMS_CODE)), Scopes.NONE);

    public enum Requirement {
        /** Never: a password alone signs in, unless the app asks for more with {@code acr_values}. */
        OFF,
        /** When the user has enrolled one. */
        OPTIONAL,
        /** Always; a user without one enrols one while signing in. */
        REQUIRED,
        /** As {@link #REQUIRED} when a sensitive scope is requested, otherwise as {@link #OPTIONAL}. */
        SENSITIVE_SCOPES;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Requirement> fromValue(String value) {
            for (Requirement requirement : values()) {
                if (requirement.value().equals(value)) {
                    return Optional.of(requirement);
                }
            }
            return Optional.empty();
        }
    }

    public SecondFactorPolicy {
        Objects.requireNonNull(requirement, "requirement");
        accepted = accepted.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(accepted));
        Objects.requireNonNull(sensitiveScopes, "sensitiveScopes");
        if (requirement != Requirement.OFF && !accepted.contains(FactorKind.TOTP)) {
            // TOTP is the factor a user can always enrol while signing in; without it a required factor may be
            // impossible to reach.
            throw new DomainException(ErrorCode.INVALID_REQUEST, "An app that asks for second factors must accept totp.");
        }
        if (requirement == Requirement.SENSITIVE_SCOPES && sensitiveScopes.values().isEmpty()) {
            throw new DomainException(ErrorCode.INVALID_REQUEST,
                    "The sensitive_scopes requirement needs at least one sensitive scope.");
        }
    }

    /**
     * Whether a sign-in must pass a second factor.
     *
     * @param requested      the scopes asked for
     * @param userHasFactor  whether the user has enrolled a factor of any kind, whether or not this app accepts it: a
     *                       factor the app does not accept must not let the user skip one
     * @param stepUpAsked    whether the app asked for a second factor itself ({@code acr_values})
     */
    public boolean demands(Scopes requested, boolean userHasFactor, boolean stepUpAsked) {
        if (stepUpAsked) {
            return true;
        }
        return switch (requirement) {
            case OFF -> false;
            case OPTIONAL -> userHasFactor;
            case REQUIRED -> true;
            case SENSITIVE_SCOPES -> userHasFactor
                    || requested.values().stream().anyMatch(sensitiveScopes.values()::contains);
        };
    }
}
