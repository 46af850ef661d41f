package dev.bulwark.core.testing;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;

/**
 * A test's own Android attestation hierarchy: a root, an intermediate, and attestation certificates whose
 * KeyDescription says what the test wants (a locked or unlocked bootloader, a TEE or StrongBox key, a patch level,
 * the app's package and signing digest). Its chains verify against {@link #rootKey()} and nothing else.
 */
public final class AndroidAttestationCa {
    public static final String KEY_DESCRIPTION_OID = "1.3.6.1.4.1.11129.2.1.17";

    /** What the attestation certificate's KeyDescription says; change one field per negative test. */
    public record Description(byte[] challenge, int attestationSecurityLevel, int keyMintSecurityLevel,
                              boolean deviceLocked, int verifiedBootState, long osPatchLevel, long osVersion,
                              String packageName, long packageVersion, byte[] signingDigest, long origin,
                              boolean userAuthRequired, boolean berBoolean) {

        /** A locked, verified phone with a TEE key, patched 2026-10, running the app "com.example.bank". */
        public static Description healthy(byte[] challenge) {
            return new Description(challenge, 1, 1, true, 0, 202610, 160000, "com.example.bank", 42,
                    SIGNING_DIGEST, 0, false, false);
        }

        public Description challenge(byte[] value) {
            return new Description(value, attestationSecurityLevel, keyMintSecurityLevel, deviceLocked,
                    verifiedBootState, osPatchLevel, osVersion, packageName, packageVersion, signingDigest, origin,
                    userAuthRequired, berBoolean);
        }

        public Description securityLevel(int level) {
            return new Description(challenge, level, level, deviceLocked, verifiedBootState, osPatchLevel,
                    osVersion, packageName, packageVersion, signingDigest, origin, userAuthRequired,
                    berBoolean);
        }

        public Description unlocked() {
            return new Description(challenge, attestationSecurityLevel, keyMintSecurityLevel, false, 2,
                    osPatchLevel, osVersion, packageName, packageVersion, signingDigest, origin, userAuthRequired,
                    berBoolean);
        }

        public Description patchLevel(long level) {
            return new Description(challenge, attestationSecurityLevel, keyMintSecurityLevel, deviceLocked,
                    verifiedBootState, level, osVersion, packageName, packageVersion, signingDigest, origin,
                    userAuthRequired, berBoolean);
        }

        public Description app(String name, long version, byte[] digest) {
            return new Description(challenge, attestationSecurityLevel, keyMintSecurityLevel, deviceLocked,
                    verifiedBootState, osPatchLevel, osVersion, name, version, digest, origin, userAuthRequired,
                    berBoolean);
        }

        public Description origin(long value) {
            return new Description(challenge, attestationSecurityLevel, keyMintSecurityLevel, deviceLocked,
                    verifiedBootState, osPatchLevel, osVersion, packageName, packageVersion, signingDigest, value,
                    userAuthRequired, berBoolean);
        }

        public Description requiringUserAuth() {
            return new Description(challenge, attestationSecurityLevel, keyMintSecurityLevel, deviceLocked,
                    verifiedBootState, osPatchLevel, osVersion, packageName, packageVersion, signingDigest, origin,
                    true, berBoolean);
        }

        /** deviceLocked encoded as BER's "any non-zero" true, which DER forbids. */
        public Description berTrue() {
            return new Description(challenge, attestationSecurityLevel, keyMintSecurityLevel, deviceLocked,
                    verifiedBootState, osPatchLevel, osVersion, packageName, packageVersion, signingDigest, origin,
                    userAuthRequired, true);
        }
    }

    /** SHA-256 of the test app's signing certificate. */
    public static final byte[] SIGNING_DIGEST = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final KeyPair root = generate();
    private final KeyPair intermediate = generate();
    private final X509Certificate rootCertificate;
    private final X509Certificate intermediateCertificate;

    public AndroidAttestationCa() {
        this(Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    }

    /** @param from the intermediate's validity, so that a test can let it expire */
    public AndroidAttestationCa(Instant from, Instant to) {
        rootCertificate = CertificateIssuer.issue("CN=Test Attestation Root", root.getPublic(),
                "CN=Test Attestation Root", root, Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2040-01-01T00:00:00Z"), true, null, null);
        intermediateCertificate = CertificateIssuer.issue("CN=Test Attestation Intermediate",
                intermediate.getPublic(), "CN=Test Attestation Root", root, from, to, true, null, null);
    }

    public PublicKey rootKey() {
        return root.getPublic();
    }

    public X509Certificate rootCertificate() {
        return rootCertificate;
    }

    /** A chain for a fresh device key: attestation certificate, intermediate, root. */
    public List<X509Certificate> chain(KeyPair deviceKey, Description description) {
        X509Certificate leaf = CertificateIssuer.issue("CN=Android Keystore Key", deviceKey.getPublic(),
                "CN=Test Attestation Intermediate", intermediate,
                Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("2106-02-07T00:00:00Z"), false,
                KEY_DESCRIPTION_OID, keyDescription(description));
        return List.of(leaf, intermediateCertificate, rootCertificate);
    }

    /** A certificate the attested key itself signs, claiming a KeyDescription of its own: the forgery to refuse. */
    public List<X509Certificate> chainExtendedBy(KeyPair deviceKey, List<X509Certificate> chain,
                                                 Description forged) {
        X509Certificate forgery = CertificateIssuer.issue("CN=Forged", generate().getPublic(),
                "CN=Android Keystore Key", deviceKey, Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2040-01-01T00:00:00Z"), false, KEY_DESCRIPTION_OID,
                keyDescription(forged));
        List<X509Certificate> longer = new ArrayList<>();
        longer.add(forgery);
        longer.addAll(chain);
        return longer;
    }

    /** The chain as the attestation parameter carries it: base64 DER certificates, comma-separated. */
    public static String encode(List<X509Certificate> chain) {
        List<String> parts = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            try {
                parts.add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(",", parts);
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] keyDescription(Description d) {
        try {
            ASN1EncodableVector packageInfo = new ASN1EncodableVector();
            packageInfo.add(new DEROctetString(d.packageName().getBytes(StandardCharsets.UTF_8)));
            packageInfo.add(new ASN1Integer(d.packageVersion()));
            DERSequence applicationId = new DERSequence(new ASN1Encodable[] {
                new DERSet(new DERSequence(packageInfo)), new DERSet(new DEROctetString(d.signingDigest()))});
            ASN1EncodableVector software = new ASN1EncodableVector();
            software.add(new DERTaggedObject(true, 701, new ASN1Integer(1_700_000_000_000L)));
            software.add(new DERTaggedObject(true, 709, new DEROctetString(applicationId.getEncoded())));

            ASN1Encodable locked = ASN1Boolean.getInstance(d.deviceLocked() || d.berBoolean());
            DERSequence rootOfTrust = new DERSequence(new ASN1Encodable[] {
                new DEROctetString(new byte[32]), locked, new ASN1Enumerated(d.verifiedBootState()),
                new DEROctetString(new byte[32])});
            ASN1EncodableVector hardware = new ASN1EncodableVector();
            hardware.add(new DERTaggedObject(true, 1, new DERSet(new ASN1Integer(2))));
            hardware.add(new DERTaggedObject(true, 2, new ASN1Integer(3)));
            if (!d.userAuthRequired()) {
                hardware.add(new DERTaggedObject(true, 503, DERNull.INSTANCE));
            } else {
                hardware.add(new DERTaggedObject(true, 504, new ASN1Integer(2)));
            }
            hardware.add(new DERTaggedObject(true, 702, new ASN1Integer(d.origin())));
            hardware.add(new DERTaggedObject(true, 704, rootOfTrust));
            hardware.add(new DERTaggedObject(true, 705, new ASN1Integer(d.osVersion())));
            hardware.add(new DERTaggedObject(true, 706, new ASN1Integer(d.osPatchLevel())));

            ASN1EncodableVector description = new ASN1EncodableVector();
            description.add(new ASN1Integer(300));
            description.add(new ASN1Enumerated(d.attestationSecurityLevel()));
            description.add(new ASN1Integer(300));
            description.add(new ASN1Enumerated(d.keyMintSecurityLevel()));
            description.add(new DEROctetString(d.challenge()));
            description.add(new DEROctetString(new byte[0]));
            description.add(new DERSequence(software));
            description.add(new DERSequence(hardware));
            byte[] encoded = new DERSequence(description).getEncoded();
            return d.berBoolean() ? berTrue(encoded) : encoded;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rewrites the one DER TRUE (01 01 FF) into BER's 01 01 01, which BouncyCastle will not encode. */
    private static byte[] berTrue(byte[] der) {
        byte[] ber = der.clone();
        int found = -1;
        for (int i = 0; i + 2 < ber.length; i++) {
            if (ber[i] == 1 && ber[i + 1] == 1 && ber[i + 2] == (byte) 0xFF) {
                if (found >= 0) {
                    throw new IllegalStateException("more than one boolean");
                }
                found = i;
            }
        }
        ber[found + 2] = 1;
        return ber;
    }
}
