package dev.bulwark.core.device;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.crypto.SecretBytes;
import dev.bulwark.core.oauth.ReplayCache;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Attestation challenges: single-use, short-lived nonces bound to an app and to the sign-in attempt they were issued
 * for. A nonce carries its expiry and 128 random bits, authenticated by an HMAC (under a key derived from the master
 * key) over the app and the attempt, so every node can check it without storage; the replay cache makes it
 * single-use.
 */
public final class AttestationNonces {
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int PAYLOAD_LENGTH = 8 + 16;

    private final SecretKeySpec key;
    private final ReplayCache replays;
    private final Clock clock;
    private final SecureRandom random;

    public AttestationNonces(SecretBytes key, ReplayCache replays, Clock clock, SecureRandom random) {
        this.key = new SecretKeySpec(key.reveal(), "HmacSHA256");
        this.replays = replays;
        this.clock = clock;
        this.random = random;
    }

    /**
     * @param attempt what the nonce is bound to: the sign-in attempt (the auth session's digest)
     * @return the nonce; its ASCII bytes are the attestation challenge
     */
    public String issue(ClientId client, String attempt) {
        byte[] randomBits = new byte[16];
        random.nextBytes(randomBits);
        byte[] payload = ByteBuffer.allocate(PAYLOAD_LENGTH)
                .putLong(clock.instant().plus(LIFETIME).getEpochSecond()).put(randomBits).array();
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(tag(client, attempt, payload));
    }

    /** Whether the nonce was issued for this app and attempt, is unexpired, and is used here for the first time. */
    public boolean consume(String nonce, ClientId client, String attempt) {
        int dot = nonce == null ? -1 : nonce.indexOf('.');
        if (dot < 0 || nonce.length() > 200) {
            return false;
        }
        byte[] payload;
        byte[] presentedTag;
        try {
            payload = DECODER.decode(nonce.substring(0, dot));
            presentedTag = DECODER.decode(nonce.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (payload.length != PAYLOAD_LENGTH || !MessageDigest.isEqual(presentedTag, tag(client, attempt, payload))) {
            return false;
        }
        Instant expiresAt = Instant.ofEpochSecond(ByteBuffer.wrap(payload).getLong());
        Instant now = clock.instant();
        return expiresAt.isAfter(now) && replays.firstUse("attestation-nonce:" + nonce.substring(0, dot), now,
                expiresAt);
    }

    private byte[] tag(ClientId client, String attempt, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(client.value().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(attempt.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
