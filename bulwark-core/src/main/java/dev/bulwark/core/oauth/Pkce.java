package dev.bulwark.core.oauth;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Proof Key for Code Exchange (RFC 7636), S256 only: {@code plain} and a missing method (which RFC 7636 reads as
 * plain) are refused, as OAuth 2.1 requires.
 */
public final class Pkce {
    /** 43 to 128 unreserved characters (RFC 7636 §4.1, §4.2). */
    private static final Pattern UNRESERVED = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9\\-_]{43}");

    private Pkce() {
    }

    /** Checks an authorization request's challenge; returns it. */
    public static String requireS256Challenge(String challenge, String method) {
        if (challenge == null || challenge.isEmpty()) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "PKCE is required: send code_challenge with "
                    + "code_challenge_method=S256.");
        }
        if (!"S256".equals(method)) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "code_challenge_method must be S256.");
        }
        if (!S256_CHALLENGE.matcher(challenge).matches()) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "code_challenge must be the 43-character base64url "
                    + "SHA-256 of the code verifier.");
        }
        return challenge;
    }

    /**
     * Checks a token request's verifier against the challenge bound to the code (RFC 7636 §4.6).
     *
     * @throws DomainException {@code invalid_request} for a missing or malformed verifier, {@code invalid_grant}
     *                         when it does not match
     */
    public static void requireVerifier(String verifier, String challenge) {
        if (verifier == null || verifier.isEmpty()) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "code_verifier is required.");
        }
        if (!UNRESERVED.matcher(verifier).matches()) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "code_verifier must be 43 to 128 unreserved characters.");
        }
        byte[] expected = challenge.getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII), expected)) {
            throw new DomainException(ErrorCode.INVALID_GRANT, "The code_verifier does not match the code_challenge.");
        }
    }

    /** BASE64URL(SHA256(ASCII(verifier))), without padding. */
    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
