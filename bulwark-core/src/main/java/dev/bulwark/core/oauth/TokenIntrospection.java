package dev.bulwark.core.oauth;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.AppRepository;
import dev.bulwark.core.app.ClientAuthMethod;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.identity.UserRepository;
import dev.bulwark.core.session.RevocationFeed;
import dev.bulwark.core.session.RevocationReason;
import dev.bulwark.core.session.Session;
import dev.bulwark.core.session.SessionId;
import dev.bulwark.core.session.SessionService;
import dev.bulwark.core.audit.AuditEvents.DpopBindingRefused;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.token.AccessTokenVerifier;
import dev.bulwark.core.token.DpopVerifier;
import dev.bulwark.core.token.VerifiedAccessToken;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Introspection (RFC 7662), revocation (RFC 7009) and the checks behind every use of an access token at Bulwark's
 * own APIs: a token is active only if its signature and lifetime check out, its session is still live and it was
 * not revoked, so a sign-out is reflected at once.
 */
public final class TokenIntrospection {
    private final ClientAuthenticator clients;
    private final AccessTokenVerifier accessTokens;
    private final SessionService sessions;
    private final RevocationFeed feed;
    private final AppRepository apps;
    private final UserRepository users;
    private final Clock clock;
    private final DpopVerifier dpop;
    private final AuditTrail audit;

    public TokenIntrospection(ClientAuthenticator clients, AccessTokenVerifier accessTokens,
                              SessionService sessions, RevocationFeed feed,
                              AppRepository apps, UserRepository users, Clock clock, DpopVerifier dpop,
                              AuditTrail audit) {
        this.dpop = dpop;
        this.audit = audit;
        this.clients = clients;
        this.accessTokens = accessTokens;
        this.sessions = sessions;
        this.feed = feed;
        this.apps = apps;
        this.users = users;
        this.clock = clock;
    }

    /** Where the tokens come from: Bulwark's issuer identifier (its public URL). */
    public String issuer() {
        return accessTokens.issuer();
    }

    /**
     * Checks an access token presented to one of Bulwark's own APIs, with its DPoP proof when the DPoP scheme was used
     * (RFC 9449 §7): a token bound to a key is accepted only with a proof by that key for this request; an unbound
     * token only as a bearer token.
     *
     * @param audiences the audiences of the API it was presented to: the token must name one of them
     * @throws DomainException {@code invalid_token} when it is not live, not for this API, or not presented as its
     *                         binding demands; {@code invalid_dpop_proof} or {@code use_dpop_nonce} for the proof
     */
    public LiveToken requireLive(String token, Optional<String> dpopProof, String method, java.net.URI uri,
                                 Set<String> audiences) {
        LiveToken live = requireLive(token, audiences);
        Optional<String> bound = live.token().dpopJkt();
        if (dpopProof.isEmpty()) {
            if (bound.isPresent()) {
                audit.record(new DpopBindingRefused(live.user().map(User::id), live.token().clientId()),
                        Actor.ANONYMOUS);
                throw new DomainException(ErrorCode.INVALID_TOKEN, "The access token is bound to a DPoP key: present "
                        + "it with the DPoP scheme and a proof.");
            }
            return live;
        }
        if (bound.isEmpty()) {
            throw new DomainException(ErrorCode.INVALID_TOKEN, "The access token is not bound to a DPoP key: present "
                    + "it as a bearer token.");
        }
        String jkt = dpop.verify(dpopProof.get(), new DpopVerifier.Request(method, uri, Optional.of(token))).jkt();
        if (!jkt.equals(bound.get())) {
            audit.record(new DpopBindingRefused(live.user().map(User::id), live.token().clientId()), Actor.ANONYMOUS);
            throw new DomainException(ErrorCode.INVALID_TOKEN, "The DPoP proof was made with another key than the one "
                    + "the access token is bound to.");
        }
        return live;
    }

    /** A live access token and its user, when it is a user's. */
    public record LiveToken(VerifiedAccessToken token, Optional<User> user) {
    }

    /**
     * Checks an access token: signed by Bulwark, unexpired, not revoked, its session live, and (unless
     * {@code audiences} is empty) meant for one of {@code audiences}.
     *
     * @throws DomainException {@code invalid_token} when it is not live, or not meant for these audiences
     */
    private LiveToken requireLive(String token, Set<String> audiences) {
        VerifiedAccessToken verified = accessTokens.verify(token);
        if (!audiences.isEmpty() && audiences.stream().noneMatch(verified::isFor)) {
            throw new DomainException(ErrorCode.INVALID_TOKEN, "The access token is not meant for this API (its "
                    + "audience).");
        }
        if (feed.tokenRevoked(verified.jti())) {
            throw new DomainException(ErrorCode.INVALID_TOKEN, "The access token was revoked.");
        }
        if (apps.find(verified.clientId()).isEmpty()) {
            throw new DomainException(ErrorCode.INVALID_TOKEN, "The app that holds the token was deleted.");
        }
        Optional<User> user = Optional.empty();
        if (verified.sessionId().isPresent()) {
            if (!sessionLive(verified.sessionId().get())) {
                throw new DomainException(ErrorCode.INVALID_TOKEN, "The session has ended.");
            }
            user = users.findById(UserId.parse(verified.subject())).filter(User::isActive);
            if (user.isEmpty()) {
                throw new DomainException(ErrorCode.INVALID_TOKEN, "The user may no longer sign in.");
            }
        }
        return new LiveToken(verified, user);
    }

    private boolean sessionLive(String sid) {
        if (!SessionId.looksLikeOne(sid)) {
            return false;
        }
        Optional<Session> session = sessions.find(new SessionId(sid));
        return session.flatMap(s -> apps.find(s.clientId()).map(app -> s.activeAt(clock.instant(),
                app.definition().sessions()))).orElse(false);
    }

    /**
     * RFC 7662: what a registered resource server may learn about a token meant for it. Anything else (a token for
     * another API or for Bulwark, a refresh token, which no API ever holds) is {@code {"active": false}}, so that an
     * API learns nothing about tokens that are not its business (RFC 7662 §4).
     *
     * @return the response members; {@code {"active": false}} alone for anything not live or not meant for the caller
     * @throws DomainException {@code invalid_client} for a public client or a failed authentication;
     *                         {@code unauthorized_client} for a client that is no registered resource server
     */
    public Map<String, Object> introspect(ClientCredentials caller, String token, Optional<String> address) {
        App asking = resourceServer(caller, address, "introspect tokens");
        Map<String, Object> inactive = Map.of("active", false);
        if (token.length() > 8_192) {
            return inactive;
        }
        if (token.indexOf('.') > 0) {
            try {
                VerifiedAccessToken live = requireLive(token, Set.of(asking.definition().resource().orElseThrow()))
                        .token();
                Map<String, Object> response = new LinkedHashMap<>();
                response.put("active", true);
                response.put("token_type", live.dpopJkt().isPresent() ? TokenResponse.DPOP_TOKEN_TYPE
                        : TokenResponse.TOKEN_TYPE);
                response.put("scope", live.scopes().text());
                response.put("client_id", live.clientId().value());
                response.put("sub", live.subject());
                response.put("aud", live.audiences());
                response.put("iss", accessTokens.issuer());
                response.put("iat", live.issuedAt().getEpochSecond());
                response.put("exp", live.expiresAt().getEpochSecond());
                response.put("jti", live.jti());
                live.sessionId().ifPresent(sid -> response.put("sid", sid));
                live.dpopJkt().ifPresent(jkt -> response.put("cnf", Map.of("jkt", jkt)));
                return response;
            } catch (DomainException notLive) {
                return inactive;
            }
        }
        // A refresh token is its client's business alone: reported only to that client, were it a resource server.
        Optional<Session> refresh = sessions.familyOf(token).filter(SessionService.Family::current)
                .map(SessionService.Family::session)
                .filter(s -> s.clientId().equals(asking.clientId()) && sessionLive(s.id().value()));
        if (refresh.isEmpty()) {
            return inactive;
        }
        Session session = refresh.get();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("active", true);
        response.put("token_type", "refresh_token");
        response.put("scope", session.scopes().text());
        response.put("client_id", session.clientId().value());
        response.put("sub", session.userId().toString());
        response.put("iss", accessTokens.issuer());
        response.put("iat", session.refresh().issuedAt().getEpochSecond());
        response.put("sid", session.id().value());
        session.dpopJkt().ifPresent(jkt -> response.put("cnf", Map.of("jkt", jkt)));
        return response;
    }

    /** Authenticates the caller, which must be a registered resource server (a confidential client). */
    private App resourceServer(ClientCredentials caller, Optional<String> address, String what) {
        App asking = clients.authenticate(caller, address);
        if (asking.definition().authMethod() == ClientAuthMethod.NONE) {
            throw new DomainException(ErrorCode.INVALID_CLIENT, "Only confidential clients may " + what + ".");
        }
        if (asking.definition().resource().isEmpty() || asking.definition().resource().get().equals(issuer())) {
            throw new DomainException(ErrorCode.UNAUTHORIZED_CLIENT, "Only registered resource servers may " + what
                    + ": register the API with its resource identifier (./bulwark app update ID --resource URI).");
        }
        return asking;
    }

    /**
     * RFC 7009: revokes a refresh token (ending its session, so that every token of the family dies) or an access
     * token (into the revocation feed until it expires). Tokens of other clients, unknown or malformed tokens are
     * ignored: the answer is the same, so the endpoint tells nothing about tokens.
     */
    public void revoke(ClientCredentials caller, String token, Optional<String> hint, Optional<String> address) {
        App client = clients.authenticate(caller, address);
        if (token.length() > 8_192) {
            return;
        }
        // The hint only orders the search (RFC 7009 §2.1); a token of neither kind, or another client's, is ignored.
        boolean accessFirst = hint.map("access_token"::equals).orElse(token.indexOf('.') > 0);
        if (accessFirst ? !revokeAccess(client, token) : !revokeRefresh(client, token)) {
            if (accessFirst) {
                revokeRefresh(client, token);
            } else {
                revokeAccess(client, token);
            }
        }
    }

    private boolean revokeRefresh(App client, String token) {
        Optional<Session> family = sessions.familyOf(token).map(SessionService.Family::session)
                .filter(s -> s.clientId().equals(client.clientId()));
        family.ifPresent(session -> sessions.revoke(session, RevocationReason.TOKEN_REVOKED, Actor.ANONYMOUS));
        return family.isPresent();
    }

    private boolean revokeAccess(App client, String token) {
        try {
            VerifiedAccessToken verified = accessTokens.verify(token);
            if (!verified.clientId().equals(client.clientId())) {
                return false;
            }
            feed.append(RevocationFeed.Entry.Kind.TOKEN, verified.jti(), clock.instant(), verified.expiresAt());
            return true;
        } catch (DomainException notOurs) {
            return false;
        }
    }

    /** The revocation feed, for registered resource servers. */
    public List<RevocationFeed.Entry> revocationsAfter(ClientCredentials caller, long sequence, int limit,
                                                       Optional<String> address) {
        resourceServer(caller, address, "read revocations");
        feed.prune(clock.instant());
        return feed.after(sequence, limit);
    }
}
