package dev.bulwark.core.token;

import dev.bulwark.core.crypto.SecretBytes;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-provided DPoP nonces (RFC 9449 §8) that need no storage and work on every node: the nonce is a time slot
 * and an HMAC of it under a key derived from the master key. A nonce is good for its slot and the next one, so a
 * client holding the nonce it was just given never races a slot change.
 */
public final class DpopNonces {
    static final Duration SLOT = Duration.ofMinutes(5);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final Clock clock;

    public DpopNonces(SecretBytes key, Clock clock) {
        this.key = new SecretKeySpec(key.reveal(), "HmacSHA256");
        this.clock = clock;
    }

    /** The nonce to send now in {@code DPoP-Nonce}. */
    public String current() {
        return nonce(slotNow());
    }

    /** Whether a proof's nonce is the current one or the previous slot's. */
    public boolean valid(String nonce) {
        long slot = slotNow();
        return equal(nonce, nonce(slot)) || equal(nonce, nonce(slot - 1));
    }

    private long slotNow() {
        return clock.instant().getEpochSecond() / SLOT.toSeconds();
    }

    private String nonce(long slot) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] slotBytes = ByteBuffer.allocate(8).putLong(slot).array();
            byte[] tag = mac.doFinal(slotBytes);
            return BASE64URL.encodeToString(slotBytes) + "." + BASE64URL.encodeToString(tag).substring(0, 22);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static boolean equal(String a, String b) {
        return a != null && MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                b.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
