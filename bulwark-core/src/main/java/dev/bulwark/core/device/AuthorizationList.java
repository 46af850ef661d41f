package dev.bulwark.core.device;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;

/**
 * One of a KeyDescription's two AuthorizationLists (what software enforces, what secure hardware enforces): every
 * known tag parsed into its value. Integers are longs, integer sets lists, flags (ASN.1 NULL) {@code true}, octet
 * strings byte arrays.
 */
public final class AuthorizationList {
    private final Map<AuthorizationTag, Object> values;

    private AuthorizationList(Map<AuthorizationTag, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Reads the SEQUENCE of explicitly tagged values. DER (and the schema) put the tags in ascending order; a list
     * out of order is refused rather than guessed at.
     */
    static AuthorizationList parse(ASN1Encodable encodable) {
        Map<AuthorizationTag, Object> values = new EnumMap<>(AuthorizationTag.class);
        int previous = -1;
        for (ASN1Encodable element : ASN1Sequence.getInstance(encodable)) {
            ASN1TaggedObject tagged = ASN1TaggedObject.getInstance(element);
            if (tagged.getTagClass() != BERTags.CONTEXT_SPECIFIC) {
                throw KeyDescription.malformed("an authorization is not context-tagged");
            }
            int number = tagged.getTagNo();
            if (number <= previous) {
                throw KeyDescription.malformed("the authorization tags are not in ascending order");
            }
            previous = number;
            Optional<AuthorizationTag> tag = AuthorizationTag.of(number);
            if (tag.isPresent()) {
                values.put(tag.get(), value(tag.get(), tagged.getExplicitBaseObject().toASN1Primitive()));
            }
        }
        return new AuthorizationList(values);
    }

    private static Object value(AuthorizationTag tag, ASN1Primitive value) {
        return switch (tag.shape()) {
            case INTEGER -> integer(value);
            case INTEGER_SET -> {
                List<Long> set = new ArrayList<>();
                for (ASN1Encodable member : ASN1Set.getInstance(value)) {
                    set.add(integer(member.toASN1Primitive()));
                }
                yield List.copyOf(set);
            }
            case FLAG -> {
                ASN1Null.getInstance(value);
                yield Boolean.TRUE;
            }
            case BYTES -> ASN1OctetString.getInstance(value).getOctets();
            case ROOT_OF_TRUST -> rootOfTrust(ASN1Sequence.getInstance(value));
            case APPLICATION_ID -> applicationId(ASN1OctetString.getInstance(value).getOctets());
        };
    }

    private static RootOfTrust rootOfTrust(ASN1Sequence sequence) {
        if (sequence.size() < 3) {
            throw KeyDescription.malformed("the root of trust is incomplete");
        }
        int state = ASN1Enumerated.getInstance(sequence.getObjectAt(2)).intValueExact();
        if (state < 0 || state >= RootOfTrust.VerifiedBootState.values().length) {
            throw KeyDescription.malformed("unknown verified boot state " + state);
        }
        byte[] hash = sequence.size() > 3 ? ASN1OctetString.getInstance(sequence.getObjectAt(3)).getOctets()
                : new byte[0];
        return new RootOfTrust(ASN1OctetString.getInstance(sequence.getObjectAt(0)).getOctets(),
                derBoolean(sequence.getObjectAt(1).toASN1Primitive(), "deviceLocked"),
                RootOfTrust.VerifiedBootState.values()[state], hash);
    }

    private static AttestationApplicationId applicationId(byte[] encoded) {
        ASN1Sequence sequence = ASN1Sequence.getInstance(KeyDescription.der(encoded));
        List<AttestationApplicationId.Package> packages = new ArrayList<>();
        for (ASN1Encodable info : ASN1Set.getInstance(sequence.getObjectAt(0))) {
            ASN1Sequence packageInfo = ASN1Sequence.getInstance(info);
            packages.add(new AttestationApplicationId.Package(
                    new String(ASN1OctetString.getInstance(packageInfo.getObjectAt(0)).getOctets(),
                            java.nio.charset.StandardCharsets.UTF_8),
                    integer(packageInfo.getObjectAt(1).toASN1Primitive())));
        }
        List<byte[]> digests = new ArrayList<>();
        for (ASN1Encodable digest : ASN1Set.getInstance(sequence.getObjectAt(1))) {
            digests.add(ASN1OctetString.getInstance(digest).getOctets());
        }
        return new AttestationApplicationId(packages, digests);
    }

    static long integer(ASN1Primitive value) {
        try {
            return ASN1Integer.getInstance(value).longValueExact();
        } catch (ArithmeticException e) {
            throw KeyDescription.malformed("an integer is out of range");
        }
    }

    /** DER encodes TRUE as 0xFF only; a BER "any non-zero" boolean is not DER and is refused. */
    static boolean derBoolean(ASN1Primitive value, String name) {
        byte content;
        try {
            content = ASN1Boolean.getInstance(value).getEncoded()[2];
        } catch (java.io.IOException e) {
            throw KeyDescription.malformed(name + " is not a boolean");
        }
        if (content != 0 && content != (byte) 0xFF) {
            throw KeyDescription.malformed(name + " is not a DER boolean");
        }
        return content != 0;
    }

    public Set<AuthorizationTag> tags() {
        return values.keySet();
    }

    public boolean has(AuthorizationTag tag) {
        return values.containsKey(tag);
    }

    public Optional<Long> integer(AuthorizationTag tag) {
        return Optional.ofNullable(values.get(tag)).filter(Long.class::isInstance).map(Long.class::cast);
    }

    @SuppressWarnings("unchecked")
    public List<Long> integers(AuthorizationTag tag) {
        Object value = values.get(tag);
        return value instanceof List<?> list ? (List<Long>) list : List.of();
    }

    public Optional<byte[]> bytes(AuthorizationTag tag) {
        return Optional.ofNullable(values.get(tag)).filter(byte[].class::isInstance).map(b -> ((byte[]) b).clone());
    }

    public Optional<RootOfTrust> rootOfTrust() {
        return Optional.ofNullable((RootOfTrust) values.get(AuthorizationTag.ROOT_OF_TRUST));
    }

    public Optional<AttestationApplicationId> applicationId() {
        return Optional.ofNullable((AttestationApplicationId) values.get(AuthorizationTag.ATTESTATION_APPLICATION_ID));
    }
}
