package dev.bulwark.core.session;

import dev.bulwark.core.crypto.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Refresh tokens that need no storage. A token names its session and its generation (how many refreshes the session
 * had before it was issued), authenticated by an HMAC-SHA256 tag under a key derived from the master key. The
 * session keeps only its current generation, so a refresh writes no row, and every earlier token of the family,
 * however old, is still recognised as the session's and as superseded: reuse is detected (RFC 9700 §4.14.2) for
 * the session's whole life without a row per refresh. A successor is a pure function of the token it replaces, so a
 * retry within the leeway gets the very token the lost response carried.
 *
 * <p>The token: base64url of a version byte (2), the session id's length and its ASCII bytes, the generation (8
 * bytes, big-endian) and the tag over all of that (32 bytes). Whoever reads the database learns nothing that makes a
 * token; whoever holds the key could make any, but that key is as powerful as the signing keys it sits beside.
 * Tokens are opaque to clients (RFC 6749 §1.5): that the id and generation can be read from one reveals nothing a
 * client could use.
 */
public final class RefreshTokenFormat {
    private static final byte VERSION = 2;
    private static final int TAG_BYTES = 32;
    private static final byte[] LABEL = "bulwark refresh token v2:".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    public RefreshTokenFormat(SecretBytes key) {
        this.key = new SecretKeySpec(key.reveal(), "HmacSHA256");
    }

    /** What a genuine token names. */
    public record Named(SessionId session, long generation) {
    }

    /** The refresh token of {@code session}'s generation {@code generation}: the same every time it is asked for. */
    public String issue(SessionId session, long generation) {
        byte[] id = session.value().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer token = ByteBuffer.allocate(2 + id.length + Long.BYTES + TAG_BYTES);
        token.put(VERSION).put((byte) id.length).put(id).putLong(generation);
        token.put(tag(token.array(), token.position()));
        return ENCODER.encodeToString(token.array());
    }

    /** What the token names, if it is one of ours with its tag intact; empty for anything else. */
    public Optional<Named> read(String token) {
        byte[] bytes;
        try {
            bytes = DECODER.decode(token);
        } catch (IllegalArgumentException notBase64url) {
            return Optional.empty();
        }
        if (bytes.length < 2 || bytes[0] != VERSION) {
            return Optional.empty();
        }
        int idLength = bytes[1] & 0xff;
        int signed = 2 + idLength + Long.BYTES;
        if (bytes.length != signed + TAG_BYTES
                || !MessageDigest.isEqual(tag(bytes, signed), Arrays.copyOfRange(bytes, signed, bytes.length))) {
            return Optional.empty();
        }
        String id = new String(bytes, 2, idLength, StandardCharsets.US_ASCII);
        if (!SessionId.looksLikeOne(id)) {
            return Optional.empty();
        }
        return Optional.of(new Named(new SessionId(id), ByteBuffer.wrap(bytes, 2 + idLength, Long.BYTES).getLong()));
    }

    private byte[] tag(byte[] bytes, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(LABEL);
            mac.update(bytes, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
