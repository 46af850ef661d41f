package dev.bulwark.core.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for the tests' own attestation hierarchies, signed with ECDSA P-256 and SHA-256. */
final class CertificateIssuer {
    private static final AtomicLong SERIALS = new AtomicLong(1000);

    private CertificateIssuer() {
    }

    /**
     * @param extensionOid   a non-critical extension to add (the attestation's), or null
     * @param extensionValue its DER value
     */
    static X509Certificate issue(String subject, PublicKey key, String issuer, KeyPair issuerKey, Instant from,
                                 Instant to, boolean ca, String extensionOid, byte[] extensionValue) {
        try {
            var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(from), Date.from(to),
                    new X500Name(subject), key);
            if (ca) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            }
            if (extensionOid != null) {
                builder.addExtension(new ASN1ObjectIdentifier(extensionOid), false, extensionValue);
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
