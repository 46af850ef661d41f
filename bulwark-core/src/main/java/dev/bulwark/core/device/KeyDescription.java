package dev.bulwark.core.device;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * The Android key attestation extension (OID 1.3.6.1.4.1.11129.2.1.17) of an attestation certificate, parsed in
 * full: versions and security levels, the challenge, and the two authorization lists.
 */
public record KeyDescription(long attestationVersion, SecurityLevel attestationSecurityLevel, long keyMintVersion,
                             SecurityLevel keyMintSecurityLevel, byte[] attestationChallenge, byte[] uniqueId,
                             AuthorizationList softwareEnforced, AuthorizationList hardwareEnforced) {
    public static final String OID = "1.3.6.1.4.1.11129.2.1.17";

    public KeyDescription {
        attestationChallenge = attestationChallenge.clone();
        uniqueId = uniqueId.clone();
    }

    @Override
    public byte[] attestationChallenge() {
        return attestationChallenge.clone();
    }

    @Override
    public byte[] uniqueId() {
        return uniqueId.clone();
    }

    /** The certificate's KeyDescription, if it carries the extension. */
    public static Optional<KeyDescription> of(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(OID);
        return extension == null ? Optional.empty() : Optional.of(parse(extension));
    }

    /** @param extensionValue the extension's value as X509Certificate returns it (an OCTET STRING) */
    static KeyDescription parse(byte[] extensionValue) {
        try {
            ASN1Sequence sequence = ASN1Sequence.getInstance(
                    der(ASN1OctetString.getInstance(der(extensionValue)).getOctets()));
            if (sequence.size() < 8) {
                throw malformed("it has " + sequence.size() + " fields, not 8");
            }
            return new KeyDescription(
                    AuthorizationList.integer(sequence.getObjectAt(0).toASN1Primitive()),
                    SecurityLevel.of(ASN1Enumerated.getInstance(sequence.getObjectAt(1)).intValueExact()),
                    AuthorizationList.integer(sequence.getObjectAt(2).toASN1Primitive()),
                    SecurityLevel.of(ASN1Enumerated.getInstance(sequence.getObjectAt(3)).intValueExact()),
                    ASN1OctetString.getInstance(sequence.getObjectAt(4)).getOctets(),
                    ASN1OctetString.getInstance(sequence.getObjectAt(5)).getOctets(),
                    AuthorizationList.parse(sequence.getObjectAt(6)),
                    AuthorizationList.parse(sequence.getObjectAt(7)));
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException | ClassCastException
                 | IndexOutOfBoundsException e) {
            throw malformed("it is not a KeyDescription");
        }
    }

    /** The attested key's creation time: software-enforced where KeyMint puts it, else hardware-enforced. */
    public Optional<Long> creationDateTime() {
        return softwareEnforced.integer(AuthorizationTag.CREATION_DATE_TIME)
                .or(() -> hardwareEnforced.integer(AuthorizationTag.CREATION_DATE_TIME));
    }

    static ASN1Primitive der(byte[] bytes) {
        try {
            return ASN1Primitive.fromByteArray(bytes);
        } catch (IOException e) {
            throw malformed("it is not ASN.1");
        }
    }

    static DomainException malformed(String why) {
        return new DomainException(ErrorCode.INVALID_REQUEST, "The key attestation extension is malformed: " + why
                + ".");
    }
}
