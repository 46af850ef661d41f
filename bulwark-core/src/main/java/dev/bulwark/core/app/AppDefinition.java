package dev.bulwark.core.app;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an operator decides about an app: everything but its secret and timestamps. Validated as a whole, so
 * that no combination an OAuth client must not have can be stored.
 *
 * @param clientId     the OAuth client_id
 * @param name         shown to people; 1 to 100 characters
 * @param firstParty   made by the same organisation as Bulwark's deployment: may use the first-party native login
 *                     (authorization challenge endpoint) and is never asked for consent
 * @param authMethod   {@link ClientAuthMethod#NONE} for native apps; a secret or private_key_jwt for services
 * @param jwks         the app's public keys (a JWK Set, JSON) for private_key_jwt
 * @param redirectUris where the browser flow may send codes
 * @param scopes       the scopes the app may request ({@code offline_access} needs no registering); the scopes of
 *                     Bulwark's own APIs ({@code bulwark:*}) only for a first-party app
 * @param audiences    resource servers its access tokens are for, when they are not for Bulwark's own APIs
 * @param secondFactors when its sign-ins need a second factor, and which factors count
 * @param devices      what its users' devices must prove (attestation, boot state, patch level, app identity)
 * @param resource     for a service that is a resource server (an API): its identifier, the audience that access
 *                     tokens for it name (RFC 8707, RFC 9068). Only a registered resource server may introspect
 *                     tokens, those meant for it alone, and read the revocation feed.
 * @param administration an app for administering Bulwark: the only kind that may ask for {@code bulwark:admin};
 *                     first-party, its sign-ins for administration need two factors, and its sessions are short
 *                     (at most {@link SessionPolicy#ADMINISTRATION})
 */
public record AppDefinition(ClientId clientId, String name, AppType type, boolean firstParty,
                            ClientAuthMethod authMethod, Optional<String> jwks, List<RedirectUri> redirectUris,
                            Set<GrantType> grants, Scopes scopes, List<String> audiences, TokenPolicy tokens,
                            SessionPolicy sessions, SecondFactorPolicy secondFactors, DevicePolicy devices,
                            Optional<String> resource, boolean administration) {
    public AppDefinition {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(jwks, "jwks");
        redirectUris = List.copyOf(redirectUris);
        grants = Set.copyOf(grants);
        Objects.requireNonNull(scopes, "scopes");
        audiences = List.copyOf(audiences);
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(secondFactors, "secondFactors");
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(resource, "resource");
        if (name == null || name.isBlank() || name.length() > 100 || name.codePoints().anyMatch(Character::isISOControl)) {
            throw invalid("An app name has 1 to 100 characters, without control characters.");
        }
        if (grants.isEmpty()) {
            throw invalid("An app needs at least one grant type.");
        }
        if (type == AppType.NATIVE) {
            if (authMethod != ClientAuthMethod.NONE) {
                throw invalid("A native app is a public client: it cannot keep a secret (RFC 8252 §8.5).");
            }
            if (grants.contains(GrantType.CLIENT_CREDENTIALS)) {
                throw invalid("A native app cannot use client_credentials: it has no credentials of its own.");
            }
        } else if (authMethod == ClientAuthMethod.NONE) {
            throw invalid("A service authenticates with a client secret or private_key_jwt.");
        }
        if (authMethod == ClientAuthMethod.PRIVATE_KEY_JWT != jwks.isPresent()) {
            throw invalid("private_key_jwt needs the app's JWK Set, and only it does.");
        }
        if (grants.contains(GrantType.AUTHORIZATION_CODE) && redirectUris.isEmpty() && !firstParty) {
            throw invalid("The authorization_code grant needs at least one redirect URI.");
        }
        if (grants.contains(GrantType.REFRESH_TOKEN) && !grants.contains(GrantType.AUTHORIZATION_CODE)) {
            throw invalid("Refresh tokens come from the authorization_code grant; add it.");
        }
        if (administration && (!firstParty || !sessions.within(SessionPolicy.ADMINISTRATION))) {
            throw invalid("An app for administration is first-party, and its sessions idle out within "
                    + SessionPolicy.ADMINISTRATION.idleTimeout().toMinutes() + " minutes and end within "
                    + SessionPolicy.ADMINISTRATION.absoluteLifetime().toHours() + " hours.");
        }
        if (scopes.contains(Scopes.ADMIN) && !administration) {
            throw invalid(Scopes.ADMIN + " is only for an app marked for administration.");
        }
        if (scopes.namesBulwark() && !firstParty) {
            throw invalid("Bulwark's own APIs (" + Scopes.BULWARK_PREFIX + "* scopes) are for first-party apps only: a "
                    + "third-party app's token must never manage the user's account.");
        }
        if (resource.isPresent() && (type != AppType.SERVICE || !isResourceIdentifier(resource.get()))) {
            throw invalid("A resource server is a service, identified by an absolute URI without a fragment (RFC "
                    + "8707), at most 500 characters.");
        }
        for (String audience : audiences) {
            if (audience.isBlank() || audience.length() > 500 || audience.contains(" ")) {
                throw invalid("An audience is a resource server's identifier without spaces, at most 500 characters.");
            }
        }
    }

    private static boolean isResourceIdentifier(String text) {
        try {
            java.net.URI uri = new java.net.URI(text);
            return text.length() <= 500 && uri.isAbsolute() && uri.getRawFragment() == null && !text.contains(" ");
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static DomainException invalid(String message) {
        return new DomainException(ErrorCode.INVALID_REQUEST, message);
    }

    /**
     * A builder with the defaults for an app of this type: named after its client id, third-party; a native app is a
     * public client with the authorization code and refresh grants and the scopes {@code openid profile email}; a
     * service authenticates with a client secret and uses client credentials, with no scope. Policies are their
     * defaults ({@link TokenPolicy#DEFAULT}, {@link SessionPolicy#DEFAULT}, {@link SecondFactorPolicy#DEFAULT},
     * {@link DevicePolicy#NONE}).
     */
    public static Builder builder(ClientId clientId, AppType type) {
        return new Builder(clientId, type);
    }

    /** A builder that starts from this definition, for a change to it. */
    public Builder toBuilder() {
        return new Builder(clientId, type).name(name).firstParty(firstParty).authMethod(authMethod).jwks(jwks)
                .redirectUris(redirectUris).grants(grants).scopes(scopes).audiences(audiences).tokens(tokens)
                .sessions(sessions).secondFactors(secondFactors).devices(devices).resource(resource)
                .administration(administration);
    }

    /** Builds a definition; {@link #build} validates the whole. The client id and type never change. */
    public static final class Builder {
        private final ClientId clientId;
        private final AppType type;
        private String name;
        private boolean firstParty;
        private ClientAuthMethod authMethod;
        private Optional<String> jwks = Optional.empty();
        private List<RedirectUri> redirectUris = List.of();
        private Set<GrantType> grants;
        private Scopes scopes;
        private List<String> audiences = List.of();
        private TokenPolicy tokens = TokenPolicy.DEFAULT;
        private SessionPolicy sessions = SessionPolicy.DEFAULT;
        private SecondFactorPolicy secondFactors = SecondFactorPolicy.DEFAULT;
        private DevicePolicy devices = DevicePolicy.NONE;
        private Optional<String> resource = Optional.empty();
        private boolean administration;

        private Builder(ClientId clientId, AppType type) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            this.type = Objects.requireNonNull(type, "type");
            boolean nativeApp = type == AppType.NATIVE;
            this.name = clientId.value();
            this.authMethod = nativeApp ? ClientAuthMethod.NONE : ClientAuthMethod.CLIENT_SECRET;
            this.grants = nativeApp ? Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)
                    : Set.of(GrantType.CLIENT_CREDENTIALS);
            this.scopes = nativeApp ? Scopes.parse("openid profile email") : Scopes.NONE;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder firstParty(boolean firstParty) {
            this.firstParty = firstParty;
            return this;
        }

        public Builder authMethod(ClientAuthMethod authMethod) {
            this.authMethod = authMethod;
            return this;
        }

        public Builder jwks(Optional<String> jwks) {
            this.jwks = jwks;
            return this;
        }

        public Builder redirectUris(List<RedirectUri> redirectUris) {
            this.redirectUris = redirectUris;
            return this;
        }

        public Builder grants(Set<GrantType> grants) {
            this.grants = grants;
            return this;
        }

        public Builder scopes(Scopes scopes) {
            this.scopes = scopes;
            return this;
        }

        public Builder audiences(List<String> audiences) {
            this.audiences = audiences;
            return this;
        }

        public Builder tokens(TokenPolicy tokens) {
            this.tokens = tokens;
            return this;
        }

        public Builder sessions(SessionPolicy sessions) {
            this.sessions = sessions;
            return this;
        }

        public Builder secondFactors(SecondFactorPolicy secondFactors) {
            this.secondFactors = secondFactors;
            return this;
        }

        public Builder devices(DevicePolicy devices) {
            this.devices = devices;
            return this;
        }

        /** The resource server this service is, by its identifier; empty when it is none. */
        public Builder resource(Optional<String> resource) {
            this.resource = resource;
            return this;
        }

        /**
         * Marks the app for administration, or not. Marking it also shortens its sessions to
         * {@link SessionPolicy#ADMINISTRATION} where they were longer.
         */
        public Builder administration(boolean administration) {
            this.administration = administration;
            if (administration) {
                sessions = sessions.atMost(SessionPolicy.ADMINISTRATION);
            }
            return this;
        }

        /** @throws DomainException {@code invalid_request} when the whole breaks a rule */
        public AppDefinition build() {
            return new AppDefinition(clientId, name, type, firstParty, authMethod, jwks, redirectUris, grants, scopes,
                    audiences, tokens, sessions, secondFactors, devices, resource, administration);
        }
    }

    /** Whether the app may ask for all of {@code requested}: each registered, or {@code offline_access}. */
    public boolean mayRequest(Scopes requested) {
        return scopes.containsAll(requested.without(Scopes.OFFLINE_ACCESS));
    }

    /**
     * What a sign-in that names no scope is granted: the app's scopes but those of Bulwark's own APIs, which an app
     * must ask for by name.
     */
    public Scopes defaultScopes() {
        return Scopes.of(scopes.values().stream().filter(scope -> !scope.startsWith(Scopes.BULWARK_PREFIX)).toList());
    }

    /**
     * Whether a sign-in that asks for {@code requested} must pass two factors whatever the app's second-factor
     * policy: administration ({@code bulwark:admin}) from an app for administration always does.
     */
    public boolean demandsTwoFactors(Scopes requested) {
        return administration && requested.contains(Scopes.ADMIN);
    }

    /** Whether this app is a registered resource server that access tokens naming {@code audience} are for. */
    public boolean isResourceServerFor(java.util.Collection<String> audiences) {
        return resource.map(audiences::contains).orElse(false);
    }

    public boolean allows(GrantType grant) {
        return grants.contains(grant);
    }

    /** The registered redirect URI that {@code requested} matches, if any. */
    public Optional<RedirectUri> redirectUri(String requested) {
        return redirectUris.stream().filter(uri -> uri.matches(requested)).findFirst();
    }
}
