package dev.bulwark.core.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * A test's own stand-in for Apple's App Attest service: a root and intermediate, and attestation objects for an app
 * key, laid out as Apple's (CBOR {@code fmt}, {@code attStmt.x5c}, {@code attStmt.receipt}, {@code authData}).
 */
public final class AppAttestCa {
    private static final String NONCE_OID = "1.2.840.113635.100.8.2";
    private final KeyPair root = AndroidAttestationCa.generate();
    private final KeyPair intermediate = AndroidAttestationCa.generate();
    private final X509Certificate rootCertificate;
    private final X509Certificate intermediateCertificate;

    public AppAttestCa() {
        Instant now = Instant.now();
        rootCertificate = CertificateIssuer.issue("CN=Test App Attestation Root", root.getPublic(),
                "CN=Test App Attestation Root", root, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), true,
                null, null);
        intermediateCertificate = CertificateIssuer.issue("CN=Test App Attestation CA 1", intermediate.getPublic(),
                "CN=Test App Attestation Root", root, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)),
                true, null, null);
    }

    public X509Certificate rootCertificate() {
        return rootCertificate;
    }

    /** The key identifier Apple gives an app key: SHA-256 of its uncompressed point. */
    public static byte[] keyId(KeyPair appKey) {
        return sha256(point((ECPublicKey) appKey.getPublic()));
    }

    /**
     * An attestation of {@code appKey} over {@code clientData}, for {@code appId} (team id, dot, bundle id) in the
     * development environment.
     */
    public byte[] attestation(KeyPair appKey, byte[] clientData, String appId) {
        byte[] keyId = keyId(appKey);
        ByteBuffer authData = ByteBuffer.allocate(32 + 1 + 4 + 16 + 2 + keyId.length);
        authData.put(sha256(appId.getBytes(StandardCharsets.UTF_8))).put((byte) 0x41).putInt(0)
                .put("appattestdevelop".getBytes(StandardCharsets.US_ASCII)).putShort((short) keyId.length).put(keyId);
        byte[] data = authData.array();
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(data);
        both.writeBytes(sha256(clientData));
        byte[] nonce = sha256(both.toByteArray());
        try {
            byte[] extension = new DERSequence(new DERTaggedObject(true, 1, new DEROctetString(nonce))).getEncoded();
            X509Certificate credential = CertificateIssuer.issue("CN=" + java.util.HexFormat.of().formatHex(keyId),
                    appKey.getPublic(), "CN=Test App Attestation CA 1", intermediate,
                    Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(3)), false, NONCE_OID,
                    extension);
            Map<String, Object> statement = new LinkedHashMap<>();
            statement.put("x5c", List.of(credential.getEncoded(), intermediateCertificate.getEncoded()));
            statement.put("receipt", "receipt".getBytes(StandardCharsets.US_ASCII));
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("fmt", "apple-appattest");
            object.put("attStmt", statement);
            object.put("authData", data);
            return new CBORMapper().writeValueAsBytes(object);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] point(ECPublicKey key) {
        byte[] point = new byte[65];
        point[0] = 4;
        byte[] x = key.getW().getAffineX().toByteArray();
        byte[] y = key.getW().getAffineY().toByteArray();
        System.arraycopy(x, Math.max(0, x.length - 32), point, 1 + 32 - Math.min(32, x.length), Math.min(32, x.length));
        System.arraycopy(y, Math.max(0, y.length - 32), point, 33 + 32 - Math.min(32, y.length), Math.min(32, y.length));
        return point;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
