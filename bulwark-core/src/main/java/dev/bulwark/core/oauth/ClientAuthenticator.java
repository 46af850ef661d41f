package dev.bulwark.core.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.AppRepository;
import dev.bulwark.core.app.ClientAuthMethod;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditEvents.ClientAuthenticationFailed;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.crypto.TokenDigest;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import dev.bulwark.core.protection.CredentialGuard;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates apps at the protocol endpoints: public clients by name, confidential ones by secret or by a
 * private_key_jwt assertion. Every failure looks the same to the caller ({@code invalid_client}) and is audited.
 */
public final class ClientAuthenticator {
    private static final Set<JWSAlgorithm> ASSERTION_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    /** The JOSE names of the algorithms a client assertion may use, sorted, for the server's metadata. */
    public static final List<String> ASSERTION_ALGORITHM_NAMES = ASSERTION_ALGORITHMS.stream().map(JWSAlgorithm::getName)
            .sorted().toList();
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final Duration LONGEST_ASSERTION = Duration.ofMinutes(10);
    /** A digest of nothing, compared against when the client is unknown, so both paths do the same work. */
    private static final String NO_SECRET = TokenDigest.of("no such client");

    private final AppRepository apps;
    private final ReplayCache replayCache;
    private final CredentialGuard guard;
    private final AuditTrail audit;
    private final Clock clock;
    private final String issuer;
    private final Set<String> acceptedAudiences;

    /**
     * @param issuer        Bulwark's issuer identifier: the audience client assertions must name (rfc7523bis)
     * @param tokenEndpoint also accepted as the audience, as RFC 7523 allowed and many deployed clients send
     */
    public ClientAuthenticator(AppRepository apps, ReplayCache replayCache, CredentialGuard guard, AuditTrail audit,
                               Clock clock, String issuer, String tokenEndpoint) {
        this.apps = apps;
        this.guard = guard;
        this.replayCache = replayCache;
        this.audit = audit;
        this.clock = clock;
        this.issuer = issuer;
        this.acceptedAudiences = Set.of(issuer, tokenEndpoint);
    }

    /**
     * Authenticates a client. Failures count against the address, which is refused with {@code too_many_requests}
     * when it keeps failing. There is no lock per client: a secret of 256 random bits or a signature cannot be
     * guessed, and a client ID is public, so such a lock would only let anyone shut any service out.
     *
     * @param address where the request came from, when known
     */
    public App authenticate(ClientCredentials credentials, Optional<String> address) {
        if (credentials instanceof ClientCredentials.Public p) {
            return publicClient(p); // naming a public client proves nothing, so there is nothing to guess
        }
        guard.admit(address);
        try {
            return credentials instanceof ClientCredentials.Secret s ? secret(s)
                    : assertion((ClientCredentials.Assertion) credentials);
        } catch (DomainException refused) {
            if (refused.code() == ErrorCode.INVALID_CLIENT) {
                // A wrong secret or assertion; not a database that is busy or away, which guesses nothing.
                guard.failedFrom(address);
            }
            throw refused;
        }
    }

    private App publicClient(ClientCredentials.Public credentials) {
        Optional<App> app = apps.find(credentials.clientId());
        if (app.isEmpty() || app.get().definition().authMethod() != ClientAuthMethod.NONE) {
            throw failed(app.map(App::clientId), ClientAuthMethod.NONE);
        }
        return app.get();
    }

    private App secret(ClientCredentials.Secret credentials) {
        Optional<App> app = apps.find(credentials.clientId());
        String digest = app.flatMap(App::secretDigest).orElse(NO_SECRET);
        boolean matches = TokenDigest.matches(credentials.secret(), digest);
        if (app.isEmpty() || app.get().definition().authMethod() != ClientAuthMethod.CLIENT_SECRET || !matches) {
            throw failed(app.map(App::clientId), ClientAuthMethod.CLIENT_SECRET);
        }
        return app.get();
    }

    /** RFC 7523 §3 and RFC 7521 §4.2, checked in order; the first failure ends it. */
    private App assertion(ClientCredentials.Assertion credentials) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(credentials.assertion());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw failed(credentials.clientId(), ClientAuthMethod.PRIVATE_KEY_JWT);
        }
        JWSHeader header = jwt.getHeader();
        JOSEObjectType type = header.getType();
        if (!ASSERTION_ALGORITHMS.contains(header.getAlgorithm()) || type != null
                && !type.getType().equalsIgnoreCase("client-authentication+jwt") && !type.equals(JOSEObjectType.JWT)) {
            throw failed(credentials.clientId(), ClientAuthMethod.PRIVATE_KEY_JWT);
        }
        String subject = claims.getSubject();
        if (subject == null || !subject.equals(claims.getIssuer())
                || credentials.clientId().map(id -> !id.value().equals(subject)).orElse(false)) {
            throw failed(credentials.clientId(), ClientAuthMethod.PRIVATE_KEY_JWT);
        }
        Optional<App> app;
        try {
            app = apps.find(new ClientId(subject));
        } catch (DomainException malformed) {
            app = Optional.empty();
        }
        if (app.isEmpty() || app.get().definition().authMethod() != ClientAuthMethod.PRIVATE_KEY_JWT
                || !signatureVerifies(jwt, app.get()) || !timely(claims) || !forUs(claims.getAudience())) {
            throw failed(app.map(App::clientId), ClientAuthMethod.PRIVATE_KEY_JWT);
        }
        String jti = claims.getJWTID();
        // Remembered as long as the assertion is accepted, which is past its exp by the allowed skew.
        if (jti == null || jti.isEmpty() || jti.length() > 256
                || !replayCache.firstUse("client-assertion:" + subject + ":" + jti, clock.instant(),
                claims.getExpirationTime().toInstant().plus(SKEW))) {
            throw failed(app.map(App::clientId), ClientAuthMethod.PRIVATE_KEY_JWT);
        }
        return app.get();
    }

    private boolean signatureVerifies(SignedJWT jwt, App app) {
        try {
            JWKSet keys = JWKSet.parse(app.definition().jwks().orElseThrow());
            JWKMatcher matcher = new JWKMatcher.Builder().keyID(jwt.getHeader().getKeyID())
                    .algorithms(jwt.getHeader().getAlgorithm(), null).publicOnly(true).build();
            List<JWK> candidates = new JWKSelector(matcher).select(keys);
            var verifiers = new DefaultJWSVerifierFactory();
            for (JWK candidate : candidates) {
                for (Key key : KeyConverter.toJavaKeys(List.of(candidate))) {
                    if (key instanceof java.security.PublicKey && jwt.verify(verifiers.createJWSVerifier(jwt.getHeader(), key))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (ParseException | JOSEException | RuntimeException e) {
            return false;
        }
    }

    private boolean timely(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date expiry = claims.getExpirationTime();
        Date notBefore = claims.getNotBeforeTime();
        return expiry != null && expiry.toInstant().plus(SKEW).isAfter(now)
                && expiry.toInstant().isBefore(now.plus(LONGEST_ASSERTION))
                && (notBefore == null || !notBefore.toInstant().isAfter(now.plus(SKEW)));
    }

    private boolean forUs(List<String> audience) {
        return audience != null && audience.size() == 1 && acceptedAudiences.contains(audience.get(0));
    }

    private DomainException failed(Optional<ClientId> clientId, ClientAuthMethod method) {
        audit.record(new ClientAuthenticationFailed(clientId, method), Actor.ANONYMOUS);
        return new DomainException(ErrorCode.INVALID_CLIENT, "Client authentication failed.");
    }

    /** Bulwark's issuer identifier, which assertions must name as their audience. */
    public String issuer() {
        return issuer;
    }
}
