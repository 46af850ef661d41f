package dev.bulwark.core.oauth;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.Transactions;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.GrantType;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.TokenDigest;
import dev.bulwark.core.identity.EmailAddress;
import dev.bulwark.core.identity.PhoneNumber;
import dev.bulwark.core.identity.Role;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserRepository;
import dev.bulwark.core.session.RevocationReason;
import dev.bulwark.core.session.Session;
import dev.bulwark.core.session.SessionService;
import dev.bulwark.core.app.ClientAuthMethod;
import dev.bulwark.core.token.AccessTokenRequest;
import dev.bulwark.core.token.DpopVerifier;
import dev.bulwark.core.token.IdTokenRequest;
import dev.bulwark.core.token.IssuedAccessToken;
import dev.bulwark.core.token.SigningAlgorithm;
import dev.bulwark.core.token.TokenIssuer;
import dev.bulwark.core.protection.CredentialGuard;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The token endpoint's grants: authorization code (with PKCE), refresh token (with rotation) and client
 * credentials. Each grant's checks run in the order its specification gives them; the first failure answers.
 */
public final class TokenService {
    private final ClientAuthenticator clients;
    private final CredentialGuard guard;
    private final AuthorizationCodeRepository codes;
    private final SessionService sessions;
    private final UserRepository users;
    private final TokenIssuer issuer;
    private final Transactions transactions;
    private final Clock clock;
    private final SigningAlgorithm idTokenAlgorithm;
    private final DpopVerifier dpop;
    private final DeviceTrust devices;
    private final URI tokenEndpoint;
    private final AccessTokenAudience audience;

    /** @param idTokenAlgorithm OpenID Connect's default for clients that registered none: RS256 */
    public TokenService(ClientAuthenticator clients, CredentialGuard guard, AuthorizationCodeRepository codes, SessionService sessions,
                        UserRepository users, TokenIssuer issuer, Transactions transactions, Clock clock,
                        SigningAlgorithm idTokenAlgorithm, DpopVerifier dpop, DeviceTrust devices, URI tokenEndpoint,
                        AccessTokenAudience audience) {
        this.audience = audience;
        this.dpop = dpop;
        this.devices = devices;
        this.tokenEndpoint = tokenEndpoint;
        this.clients = clients;
        this.guard = guard;
        this.codes = codes;
        this.sessions = sessions;
        this.users = users;
        this.issuer = issuer;
        this.transactions = transactions;
        this.clock = clock;
        this.idTokenAlgorithm = idTokenAlgorithm;
    }

    public TokenResponse token(TokenRequest request) {
        App client = clients.authenticate(request.client(), request.clientIp());
        // RFC 9449 §5: a proof binds what this request issues to its key.
        Optional<String> jkt = request.dpopProof().map(proof -> dpop.verify(proof,
                new DpopVerifier.Request("POST", tokenEndpoint, Optional.empty())).jkt());
        return switch (request) {
            case TokenRequest.AuthorizationCodeGrant grant -> authorizationCode(client, grant, jkt);
            case TokenRequest.RefreshTokenGrant grant -> refresh(client, grant, jkt);
            case TokenRequest.ClientCredentialsGrant grant -> clientCredentials(client, grant, jkt);
        };
    }

    /** RFC 6749 §4.1.3, RFC 7636 §4.6, OAuth 2.1 §4.1.3 and §7.5.3. */
    private TokenResponse authorizationCode(App client, TokenRequest.AuthorizationCodeGrant grant,
                                            Optional<String> jkt) {
        requireGrant(client, GrantType.AUTHORIZATION_CODE);
        guard.admit(grant.clientIp());
        String digest = TokenDigest.of(grant.code());
        Optional<AuthorizationCode> found = codes.find(digest).filter(c -> c.clientId().equals(client.clientId()));
        if (found.isEmpty()) {
            guard.failedFrom(grant.clientIp()); // guessing codes: count it against the address
            throw invalidGrant("The code is not valid, or was issued to another client.");
        }
        AuthorizationCode code = found.get();
        Instant now = clock.instant();
        if (!code.expiresAt().isAfter(now)) {
            throw invalidGrant("The code has expired.");
        }
        Pkce.requireVerifier(grant.codeVerifier().orElse(null), code.codeChallenge());
        // RFC 6749 §4.1.3: required only if the authorization request had it; it may have been left out when the
        // app registered exactly one redirect URI.
        boolean defaulted = grant.redirectUri().isEmpty() && code.redirectUri().isPresent()
                && client.definition().redirectUris().size() == 1
                && client.definition().redirectUris().get(0).value().equals(code.redirectUri().get());
        if (code.redirectUri().isPresent() && !defaulted && !code.redirectUri().equals(grant.redirectUri())) {
            throw invalidGrant("The redirect_uri differs from the one the code was issued for.");
        }
        if (code.usedAt().isPresent()) {
            throw reusedCode(code, client);
        }
        User user = users.findById(code.userId()).filter(User::isActive)
                .orElseThrow(() -> invalidGrant("The code is not valid."));
        Scopes scopes = grantedScopes(client.definition(), code.scopes(), user);
        if (code.attestedKey().isPresent() && !code.attestedKey().equals(jkt)) {
            throw new DomainException(ErrorCode.INVALID_DPOP_PROOF, "This code is bound to the key the device "
                    + "attested at sign-in: make the DPoP proof with that key.");
        }
        // Only a key attested in this very sign-in counts: a code from a sign-in without attestation has none.
        devices.admit(client, scopes, code.attestedKey(), Optional.of(user.id()), DeviceTrust.Stage.CODE_EXCHANGE);
        Started started;
        try {
            started = transactions.inTransaction(() -> {
                // A public client's refresh tokens are bound to its DPoP key: useless off the phone (RFC 9449 §5);
                // any client's are bound to the key its device attested, which every refresh must then prove.
                Optional<String> bound = code.attestedKey().isPresent() ? code.attestedKey()
                        : client.definition().authMethod() == ClientAuthMethod.NONE
                        && client.definition().devices().bindRefreshTokens() ? jkt : Optional.empty();
                Session session = sessions.start(client, new SessionService.SignIn(user.id(), scopes, code.authTime(),
                        code.acr(), code.amr(), grant.device(), grant.clientIp(), bound));
                if (!codes.markUsed(digest, now, session.id())) {
                    throw new ConcurrentExchange(); // rolls this exchange back
                }
                return new Started(session, client.definition().allows(GrantType.REFRESH_TOKEN)
                        ? Optional.of(sessions.firstRefreshToken(session)) : Optional.empty());
            });
        } catch (ConcurrentExchange lost) {
            throw reusedCode(codes.find(digest).orElseThrow(), client);
        }
        // Signed after the commit, so that the database's write lock is not held while signing.
        Session session = started.session();
        IssuedAccessToken access = accessToken(client, user, session, scopes, jkt);
        Optional<String> idToken = scopes.contains(Scopes.OPENID)
                ? Optional.of(idToken(client, user, session, code.nonce(), access.token())) : Optional.empty();
        return new TokenResponse(access.token(), lifetime(client).toSeconds(), started.refreshToken(), idToken, scopes,
                jkt.isPresent());
    }

    /** A session started by a code exchange, with its first refresh token. */
    private record Started(Session session, Optional<String> refreshToken) {
        @Override
        public String toString() {
            return "Started[" + session.id() + ", redacted]";
        }
    }

    /** Another exchange of the same code committed first. */
    private static final class ConcurrentExchange extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConcurrentExchange() {
            super("the code was exchanged concurrently", null, false, false);
        }
    }

    /** A second exchange of a valid code: refuse, and revoke what the first exchange issued (OAuth 2.1 §7.5.3). */
    private DomainException reusedCode(AuthorizationCode code, App client) {
        code.sessionId().flatMap(sessions::find)
                .ifPresent(session -> sessions.revoke(session, RevocationReason.CODE_REUSED, Actor.ANONYMOUS));
        return invalidGrant("The code was already used; what was issued from it has been revoked.");
    }

    /** RFC 6749 §6 with rotation (RFC 9700 §4.14.2). */
    private TokenResponse refresh(App client, TokenRequest.RefreshTokenGrant grant, Optional<String> jkt) {
        requireGrant(client, GrantType.REFRESH_TOKEN);
        SessionService.Refreshed refreshed = sessions.refresh(client, grant.refreshToken(), grant.clientIp(), jkt);
        Session session = refreshed.session();
        Scopes asked = grant.scope().orElse(session.scopes());
        if (!session.scopes().containsAll(asked)) {
            throw new DomainException(ErrorCode.INVALID_SCOPE, "A refresh cannot widen the scope the session was granted.");
        }
        User user = users.findById(session.userId()).filter(User::isActive)
                .orElseThrow(() -> invalidGrant("The session has ended."));
        // What the app or the user lost since the sign-in (a scope, first-party standing, the administrator role)
        // is not granted again.
        Scopes scopes = grantable(client.definition(), asked, user);
        try {
            devices.admit(client, session.scopes(), session.dpopJkt(), Optional.of(user.id()),
                    DeviceTrust.Stage.REFRESH);
        } catch (DomainException notTrusted) {
            // The device changed, or the policy tightened: this device loses the session, not just this refresh.
            sessions.revoke(session, RevocationReason.DEVICE_NOT_TRUSTED, Actor.ANONYMOUS);
            throw notTrusted;
        }
        IssuedAccessToken access = accessToken(client, user, session, scopes, jkt);
        return new TokenResponse(access.token(), lifetime(client).toSeconds(), Optional.of(refreshed.refreshToken()),
                Optional.empty(), scopes, jkt.isPresent());
    }

    /** RFC 6749 §4.4: a confidential client acting for itself; no refresh token, no ID token. */
    private TokenResponse clientCredentials(App client, TokenRequest.ClientCredentialsGrant grant,
                                            Optional<String> jkt) {
        requireGrant(client, GrantType.CLIENT_CREDENTIALS);
        Scopes allowed = client.definition().scopes();
        // offline_access asks for a refresh token, which this grant never issues: ignored (OpenID Connect Core §11).
        Scopes scopes = grant.scope().map(asked -> asked.without(Scopes.OFFLINE_ACCESS)).orElse(allowed);
        if (!allowed.containsAll(scopes) || scopes.contains(Scopes.OPENID) || scopes.namesBulwark()) {
            throw new DomainException(ErrorCode.INVALID_SCOPE, "The app may not request that scope for itself.");
        }
        IssuedAccessToken access = issuer.accessToken(new AccessTokenRequest(client.clientId().value(),
                client.clientId(), scopes, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                audience.of(client.definition(), scopes), List.of(), lifetime(client), jkt));
        return new TokenResponse(access.token(), lifetime(client).toSeconds(), Optional.empty(), Optional.empty(), scopes,
                jkt.isPresent());
    }

    /**
     * The scopes granted to a user in an app: what was asked (or, when nothing was, the app's scopes but those of
     * Bulwark's own APIs, which must be asked for by name), each of which the app must be allowed to ask for; then
     * as {@link #grantable}.
     *
     * @throws DomainException {@code invalid_scope} when the app may not ask for one of them
     */
    public static Scopes grantedScopes(AppDefinition app, Scopes requested, User user) {
        Scopes asked = requested.isEmpty() ? app.defaultScopes() : requested;
        if (!app.mayRequest(asked)) {
            throw new DomainException(ErrorCode.INVALID_SCOPE, "The app may not request that scope.");
        }
        return grantable(app, asked, user);
    }

    /**
     * Of {@code scopes}, those the app and the user may have now: the app's registered scopes; {@code offline_access}
     * where the app may use refresh tokens (OpenID Connect Core §11; ignored elsewhere, as the spec allows);
     * Bulwark's own APIs only for a first-party app; administration only for administrators, in an app for
     * administration.
     */
    static Scopes grantable(AppDefinition app, Scopes scopes, User user) {
        Set<String> granted = new HashSet<>();
        for (String scope : scopes.values()) {
            boolean allowed = scope.equals(Scopes.OFFLINE_ACCESS) ? app.allows(GrantType.REFRESH_TOKEN)
                    : app.scopes().contains(scope);
            if (allowed && (!scope.startsWith(Scopes.BULWARK_PREFIX) || app.firstParty())
                    && (!scope.equals(Scopes.ADMIN) || app.administration() && user.hasRole(Role.ADMIN))) {
                granted.add(scope);
            }
        }
        return Scopes.of(granted);
    }

    private IssuedAccessToken accessToken(App client, User user, Session session, Scopes scopes,
                                          Optional<String> jkt) {
        List<String> roles = scopes.contains(Scopes.ADMIN) && user.hasRole(Role.ADMIN) ? List.of("admin") : List.of();
        return issuer.accessToken(new AccessTokenRequest(user.id().toString(), client.clientId(), scopes,
                Optional.of(session.id().value()), Optional.of(session.authTime()), Optional.of(session.acr()),
                session.amr(), audience.of(client.definition(), scopes), roles, lifetime(client), jkt));
    }

    private String idToken(App client, User user, Session session, Optional<String> nonce, String accessToken) {
        return issuer.idToken(new IdTokenRequest(user.id().toString(), client.clientId(), nonce, session.authTime(),
                session.acr(), session.amr(), Optional.of(session.id().value()), accessToken,
                userClaims(user, session.scopes()), idTokenAlgorithm, lifetime(client)));
    }

    /** OpenID Connect Core §5.4: what each scope releases. Emails and phones are not verified by Bulwark (yet). */
    public static Map<String, Object> userClaims(User user, Scopes scopes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (scopes.contains("profile")) {
            claims.put("preferred_username", user.username().value());
            claims.put("updated_at", user.updatedAt().getEpochSecond());
        }
        if (scopes.contains("email")) {
            user.email().map(EmailAddress::value).ifPresent(email -> {
                claims.put("email", email);
                claims.put("email_verified", false);
            });
        }
        if (scopes.contains("phone")) {
            user.phone().map(PhoneNumber::value).ifPresent(phone -> {
                claims.put("phone_number", phone);
                claims.put("phone_number_verified", false);
            });
        }
        return claims;
    }

    private static Duration lifetime(App client) {
        return client.definition().tokens().accessTokenLifetime();
    }

    private static void requireGrant(App client, GrantType grant) {
        if (!client.definition().allows(grant)) {
            throw new DomainException(ErrorCode.UNAUTHORIZED_CLIENT, "This app may not use the " + grant.value()
                    + " grant.");
        }
    }

    private static DomainException invalidGrant(String message) {
        return new DomainException(ErrorCode.INVALID_GRANT, message);
    }
}
