package dev.bulwark.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signs JWTs with the active key of an algorithm, naming it by kid in the header. */
public final class TokenSigner {
    private final KeyRing keyRing;

    public TokenSigner(KeyRing keyRing) {
        this.keyRing = keyRing;
    }

    public String sign(JWTClaimsSet claims, SigningAlgorithm algorithm, JOSEObjectType type) {
        KeyRing.ActiveKey key = keyRing.active(algorithm);
        JWSHeader header = new JWSHeader.Builder(algorithm.jws()).keyID(key.kid()).type(type).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }
}
