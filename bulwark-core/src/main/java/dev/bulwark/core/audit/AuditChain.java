package dev.bulwark.core.audit;

import dev.bulwark.core.crypto.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals audit records into a chain: each record's MAC covers its own fields and the MAC of the record
 * before it. The MAC is keyed (HMAC-SHA256 with a key derived from the master key), so that someone who
 * can write to the database but does not hold the key cannot edit, insert or delete a record and then
 * recompute the chain to hide it.
 */
public final class AuditChain {
    /** The "previous MAC" of the first record. */
    public static final String GENESIS = "0".repeat(64);
    private static final byte[] DOMAIN = "bulwark-audit-v1".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;

    public AuditChain(SecretBytes auditKey) {
        if (auditKey.length() < 32) {
            throw new IllegalArgumentException("the audit key must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(auditKey.reveal(), "HmacSHA256");
    }

    public AuditRecord seal(long sequence, Instant occurredAt, AuditEvent event, Actor actor, String previousMac) {
        Instant at = Instant.ofEpochMilli(occurredAt.toEpochMilli());
        String subject = event.subject().map(Object::toString).orElse("");
        String details = CanonicalJson.write(event.details());
        String mac = mac(sequence, at, event.type(), actor.encoded(), subject, details, previousMac);
        return new AuditRecord(sequence, at, event.type(), actor.encoded(), subject, details, previousMac, mac);
    }

    /** Whether the record's MAC matches its content and its link (constant-time comparison). */
    public boolean sealIntact(AuditRecord record) {
        String expected = mac(record.sequence(), record.occurredAt(), record.type(), record.actor(), record.subject(),
                record.details(), record.previousMac());
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                record.mac().getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(long sequence, Instant at, String type, String actor, String subject, String details,
                       String previousMac) {
        var input = new ByteArrayOutputStream();
        field(input, DOMAIN);
        field(input, ByteBuffer.allocate(8).putLong(sequence).array());
        field(input, ByteBuffer.allocate(8).putLong(at.toEpochMilli()).array());
        for (String text : new String[] {type, actor, subject, details, previousMac}) {
            field(input, text.getBytes(StandardCharsets.UTF_8));
        }
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            return HexFormat.of().formatHex(hmac.doFinal(input.toByteArray()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Length-prefixed, so that no two different field lists encode to the same bytes. */
    private static void field(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
