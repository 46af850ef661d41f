package dev.bulwark.core.app;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.mfa.FactorKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A request to define or change an app, as the CLI's options or the admin API's JSON give it: each field is
 * either given or left as it is (on update) or as the default for the app's type (on create).
 */
public record AppDraft(Optional<String> name, Optional<Boolean> firstParty, Optional<List<String>> redirectUris,
                       Optional<List<String>> grants, Optional<List<String>> scopes, Optional<List<String>> audiences,
                       Optional<String> authMethod, Optional<String> jwks, Optional<Duration> accessTokenLifetime,
                       Optional<Duration> refreshRetryLeeway, Optional<Duration> sessionIdleTimeout,
                       Optional<Duration> sessionLifetime, Optional<String> secondFactor,
                       Optional<List<String>> secondFactorKinds, Optional<List<String>> sensitiveScopes,
                       Optional<String> devicePolicy) {

    /** The definition this draft makes of {@code current} (or, on create, of the defaults for {@code type}). */
    public AppDefinition apply(ClientId clientId, AppType type, Optional<AppDefinition> current) {
        boolean nativeApp = type == AppType.NATIVE;
        ClientAuthMethod method = authMethod.map(value -> ClientAuthMethod.fromValue(value).orElseThrow(() ->
                        new DomainException(ErrorCode.INVALID_REQUEST, "The client authentication method is "
                                + "client_secret or private_key_jwt.")))
                .orElseGet(() -> current.map(AppDefinition::authMethod)
                        .orElse(nativeApp ? ClientAuthMethod.NONE : ClientAuthMethod.CLIENT_SECRET));
        Optional<String> keys = jwks.isPresent() ? jwks
                : method == ClientAuthMethod.PRIVATE_KEY_JWT ? current.flatMap(AppDefinition::jwks) : Optional.empty();
        TokenPolicy tokens = current.map(AppDefinition::tokens).orElse(TokenPolicy.DEFAULT);
        SessionPolicy sessions = current.map(AppDefinition::sessions).orElse(SessionPolicy.DEFAULT);
        SecondFactorPolicy factors = current.map(AppDefinition::secondFactors).orElse(SecondFactorPolicy.DEFAULT);
        return new AppDefinition(clientId,
                name.orElseGet(() -> current.map(AppDefinition::name).orElse(clientId.value())),
                type,
                firstParty.orElseGet(() -> current.map(AppDefinition::firstParty).orElse(false)),
                method, keys,
                redirectUris.map(uris -> uris.stream().map(RedirectUri::of).toList())
                        .orElseGet(() -> current.map(AppDefinition::redirectUris).orElse(List.of())),
                grants.map(values -> values.stream().map(AppDraft::grant).collect(Collectors.toSet()))
                        .orElseGet(() -> current.map(AppDefinition::grants).orElse(nativeApp
                                ? Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)
                                : Set.of(GrantType.CLIENT_CREDENTIALS))),
                scopes.map(Scopes::of).orElseGet(() -> current.map(AppDefinition::scopes)
                        .orElse(nativeApp ? Scopes.parse("openid profile email " + Scopes.ACCOUNT) : Scopes.NONE)),
                audiences.orElseGet(() -> current.map(AppDefinition::audiences).orElse(List.of())),
                new TokenPolicy(accessTokenLifetime.orElse(tokens.accessTokenLifetime()),
                        refreshRetryLeeway.orElse(tokens.refreshRetryLeeway())),
                new SessionPolicy(sessionIdleTimeout.orElse(sessions.idleTimeout()),
                        sessionLifetime.orElse(sessions.absoluteLifetime())),
                new SecondFactorPolicy(secondFactor.map(AppDraft::requirement).orElse(factors.requirement()),
                        secondFactorKinds.map(values -> values.stream().map(AppDraft::factor)
                                .collect(Collectors.toSet())).orElse(factors.accepted()),
                        sensitiveScopes.map(Scopes::of).orElse(factors.sensitiveScopes())),
                devicePolicy.map(DevicePolicy::parse)
                        .orElseGet(() -> current.map(AppDefinition::devices).orElse(DevicePolicy.NONE)));
    }

    private static SecondFactorPolicy.Requirement requirement(String value) {
        return SecondFactorPolicy.Requirement.fromValue(value.strip()).orElseThrow(() -> new DomainException(
                ErrorCode.INVALID_REQUEST, "Unknown second-factor requirement " + value
                + "; allowed: off, optional, required, sensitive_scopes."));
    }

    private static FactorKind factor(String value) {
        return FactorKind.fromValue(value.strip()).orElseThrow(() -> new DomainException(ErrorCode.INVALID_REQUEST,
                "Unknown second factor " + value + "; allowed: totp, recovery_code, email_code, sms_code, device_key, "
                + "passkey."));
    }

    private static GrantType grant(String value) {
        return GrantType.fromValue(value.strip()).orElseThrow(() -> new DomainException(ErrorCode.INVALID_REQUEST,
                "Unknown grant " + value + "; allowed: authorization_code, refresh_token, client_credentials."));
    }
}
