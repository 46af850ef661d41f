package dev.bulwark.core.app;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.mfa.FactorKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A request to define or change an app, as the CLI's options or the admin API's JSON give it: each field is
 * either given or left as it is (on update) or as the default for the app's type (on create). Values arrive as
 * text and are parsed here, so that both surfaces refuse the same input with the same words.
 */
public final class AppDraft {
    private final Builder given;

    private AppDraft(Builder given) {
        this.given = given;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The definition this draft makes of {@code current} (or, on create, of the defaults for {@code type}). */
    public AppDefinition apply(ClientId clientId, AppType type, Optional<AppDefinition> current) {
        AppDefinition.Builder app = current.map(AppDefinition::toBuilder)
                .orElseGet(() -> AppDefinition.builder(clientId, type));
        AppDefinition base = current.orElse(null);
        if (given.name != null) {
            app.name(given.name);
        }
        if (given.firstParty != null) {
            app.firstParty(given.firstParty);
        }
        if (given.authMethod != null) {
            ClientAuthMethod method = ClientAuthMethod.fromValue(given.authMethod).orElseThrow(() ->
                    new DomainException(ErrorCode.INVALID_REQUEST, "The client authentication method is "
                            + "client_secret or private_key_jwt."));
            app.authMethod(method);
            if (method != ClientAuthMethod.PRIVATE_KEY_JWT) {
                app.jwks(Optional.empty()); // keys belong to private_key_jwt alone
            }
        }
        if (given.jwks != null) {
            app.jwks(Optional.of(given.jwks));
        }
        if (given.administration != null) {
            app.administration(given.administration);
        }
        if (given.redirectUris != null) {
            app.redirectUris(given.redirectUris.stream().map(RedirectUri::of).toList());
        }
        if (given.grants != null) {
            app.grants(given.grants.stream().map(AppDraft::grant).collect(Collectors.toSet()));
        }
        if (given.scopes != null) {
            app.scopes(Scopes.of(given.scopes));
        }
        if (given.audiences != null) {
            app.audiences(given.audiences);
        }
        TokenPolicy tokens = base == null ? TokenPolicy.DEFAULT : base.tokens();
        app.tokens(new TokenPolicy(given.accessTokenLifetime != null ? given.accessTokenLifetime
                : tokens.accessTokenLifetime(), given.refreshRetryLeeway != null ? given.refreshRetryLeeway
                : tokens.refreshRetryLeeway()));
        SessionPolicy sessions = base == null ? SessionPolicy.DEFAULT : base.sessions();
        if (Boolean.TRUE.equals(given.administration)) {
            sessions = sessions.atMost(SessionPolicy.ADMINISTRATION);
        }
        app.sessions(new SessionPolicy(given.sessionIdleTimeout != null ? given.sessionIdleTimeout
                : sessions.idleTimeout(), given.sessionLifetime != null ? given.sessionLifetime
                : sessions.absoluteLifetime()));
        SecondFactorPolicy factors = base == null ? SecondFactorPolicy.DEFAULT : base.secondFactors();
        app.secondFactors(new SecondFactorPolicy(
                given.secondFactor != null ? requirement(given.secondFactor) : factors.requirement(),
                given.secondFactorKinds != null ? given.secondFactorKinds.stream().map(AppDraft::factor)
                        .collect(Collectors.toSet()) : factors.accepted(),
                given.sensitiveScopes != null ? Scopes.of(given.sensitiveScopes) : factors.sensitiveScopes()));
        if (given.devicePolicy != null) {
            app.devices(DevicePolicy.parse(given.devicePolicy));
        }
        if (given.resource != null) {
            app.resource(given.resource.isBlank() ? Optional.empty() : Optional.of(given.resource.strip()));
        }
        return app.build();
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

    /** The fields given; a field never set (or set to null) is not given. */
    public static final class Builder {
        private String name;
        private Boolean firstParty;
        private List<String> redirectUris;
        private List<String> grants;
        private List<String> scopes;
        private List<String> audiences;
        private String authMethod;
        private String jwks;
        private Duration accessTokenLifetime;
        private Duration refreshRetryLeeway;
        private Duration sessionIdleTimeout;
        private Duration sessionLifetime;
        private String secondFactor;
        private List<String> secondFactorKinds;
        private List<String> sensitiveScopes;
        private String devicePolicy;
        private String resource;
        private Boolean administration;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder firstParty(Boolean firstParty) {
            this.firstParty = firstParty;
            return this;
        }

        public Builder redirectUris(List<String> redirectUris) {
            this.redirectUris = redirectUris == null ? null : List.copyOf(redirectUris);
            return this;
        }

        public Builder grants(List<String> grants) {
            this.grants = grants == null ? null : List.copyOf(grants);
            return this;
        }

        public Builder scopes(List<String> scopes) {
            this.scopes = scopes == null ? null : List.copyOf(scopes);
            return this;
        }

        public Builder audiences(List<String> audiences) {
            this.audiences = audiences == null ? null : List.copyOf(audiences);
            return this;
        }

        /** {@code client_secret} or {@code private_key_jwt}. */
        public Builder authMethod(String authMethod) {
            this.authMethod = authMethod;
            return this;
        }

        /** The app's public keys, a JWK Set as JSON. */
        public Builder jwks(String jwks) {
            this.jwks = jwks;
            return this;
        }

        public Builder accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = lifetime;
            return this;
        }

        public Builder refreshRetryLeeway(Duration leeway) {
            this.refreshRetryLeeway = leeway;
            return this;
        }

        public Builder sessionIdleTimeout(Duration timeout) {
            this.sessionIdleTimeout = timeout;
            return this;
        }

        public Builder sessionLifetime(Duration lifetime) {
            this.sessionLifetime = lifetime;
            return this;
        }

        /** {@code off}, {@code optional}, {@code required} or {@code sensitive_scopes}. */
        public Builder secondFactor(String requirement) {
            this.secondFactor = requirement;
            return this;
        }

        public Builder secondFactorKinds(List<String> kinds) {
            this.secondFactorKinds = kinds == null ? null : List.copyOf(kinds);
            return this;
        }

        public Builder sensitiveScopes(List<String> scopes) {
            this.sensitiveScopes = scopes == null ? null : List.copyOf(scopes);
            return this;
        }

        /** The device policy's words, as {@link DevicePolicy#parse} reads them. */
        public Builder devicePolicy(String policy) {
            this.devicePolicy = policy;
            return this;
        }

        /** Whether the app is for administering Bulwark (the only kind that may ask for bulwark:admin). */
        public Builder administration(Boolean administration) {
            this.administration = administration;
            return this;
        }

        /** The resource server a service is, by its identifier (an absolute URI); empty text: none. */
        public Builder resource(String identifier) {
            this.resource = identifier;
            return this;
        }

        public AppDraft build() {
            Builder copy = new Builder();
            copy.name = name;
            copy.firstParty = firstParty;
            copy.redirectUris = redirectUris;
            copy.grants = grants;
            copy.scopes = scopes;
            copy.audiences = audiences;
            copy.authMethod = authMethod;
            copy.jwks = jwks;
            copy.accessTokenLifetime = accessTokenLifetime;
            copy.refreshRetryLeeway = refreshRetryLeeway;
            copy.sessionIdleTimeout = sessionIdleTimeout;
            copy.sessionLifetime = sessionLifetime;
            copy.secondFactor = secondFactor;
            copy.secondFactorKinds = secondFactorKinds;
            copy.sensitiveScopes = sensitiveScopes;
            copy.devicePolicy = devicePolicy;
            copy.resource = resource;
            copy.administration = administration;
            return new AppDraft(copy);
        }
    }
}
