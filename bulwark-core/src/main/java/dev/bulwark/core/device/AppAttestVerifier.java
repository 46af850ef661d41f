package dev.bulwark.core.device;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * Apple App Attest (DeviceCheck): the attestation of a new key and the assertions it signs later, checked in the
 * order of Apple's "Validating apps that connect to your server", each step failing closed with its own message.
 */
public final class AppAttestVerifier {
    /** The credential certificate's extension that carries the nonce. */
    static final String NONCE_EXTENSION = "1.2.840.113635.100.8.2";
    private static final CBORMapper CBOR = new CBORMapper();
    private static final int LONGEST_OBJECT = 64 * 1024;

    /** Which App Attest environment the app runs in: its AAGUID. */
    public enum Environment {
        DEVELOPMENT("appattestdevelop"), PRODUCTION("appattest\0\0\0\0\0\0\0");

        private final byte[] aaguid;

        Environment(String aaguid) {
            this.aaguid = aaguid.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** A verified attestation: the key to remember for the app instance, and its receipt for fraud checks. */
    public record Attested(byte[] keyId, ECPublicKey publicKey, byte[] receipt) {
        public Attested {
            keyId = keyId.clone();
            receipt = receipt.clone();
        }

        @Override
        public byte[] keyId() {
            return keyId.clone();
        }

        @Override
        public byte[] receipt() {
            return receipt.clone();
        }
    }

    private final X509Certificate root;
    private final Clock clock;

    /** @param root the Apple App Attestation Root CA, the only trust anchor */
    public AppAttestVerifier(X509Certificate root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /**
     * Verifies a key's attestation.
     *
     * @param clientData the challenge the server issued, which the app hashed into the attestation
     * @param keyId      the key identifier the app reports
     * @param appId      the team identifier, a dot, the bundle identifier
     * @throws DomainException {@code invalid_request} naming the step that failed
     */
    public Attested verifyAttestation(byte[] attestationObject, byte[] clientData, byte[] keyId, String appId,
                                      Environment environment) {
        JsonNode attestation = cbor(attestationObject);
        if (!"apple-appattest".equals(attestation.path("fmt").asString(""))) {
            throw refused("The attestation's format is not apple-appattest.");
        }
        List<X509Certificate> chain = certificates(attestation.path("attStmt").path("x5c"));
        chainsToRoot(chain);                                                         // step 1
        byte[] authData = bytes(attestation.path("authData"), "authData");
        byte[] clientDataHash = sha256(clientData);                                  // step 2
        byte[] nonce = sha256(concat(authData, clientDataHash));                     // step 3
        X509Certificate credential = chain.get(0);
        if (!MessageDigest.isEqual(nonce, nonceInCertificate(credential))) {        // step 4
            throw refused("The attestation's nonce does not match the challenge.");
        }
        ECPublicKey key = ecKey(credential);
        if (!MessageDigest.isEqual(sha256(uncompressedPoint(key)), keyId)) {       // step 5
            throw refused("The key identifier is not the hash of the attested key.");
        }
        AuthenticatorData data = AuthenticatorData.parse(authData, true);
        if (!MessageDigest.isEqual(data.rpIdHash(), sha256(appId.getBytes(StandardCharsets.UTF_8)))) {   // step 6
            throw refused("The attestation is for another app.");
        }
        if (data.counter() != 0) {                                                  // step 7
            throw refused("A new key's counter must be 0.");
        }
        if (!MessageDigest.isEqual(data.aaguid(), environment.aaguid)) {            // step 8
            throw refused("The attestation is from another App Attest environment.");
        }
        if (!MessageDigest.isEqual(data.credentialId(), keyId)) {                   // step 9
            throw refused("The attested credential is not the key identifier.");
        }
        return new Attested(keyId, key, bytes(attestation.path("attStmt").path("receipt"), "receipt"));
    }

    /**
     * Verifies an assertion of an attested key.
     *
     * @param clientData      the request data the app signed (including the server's challenge)
     * @param previousCounter the counter of the key's last accepted assertion
     * @return the assertion's counter, to remember
     */
    public long verifyAssertion(byte[] assertionObject, byte[] clientData, ECPublicKey key, String appId,
                                long previousCounter) {
        JsonNode assertion = cbor(assertionObject);
        byte[] authData = bytes(assertion.path("authenticatorData"), "authenticatorData");
        byte[] nonce = sha256(concat(authData, sha256(clientData)));                 // steps 1-2
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");           // step 3
            verifier.initVerify(key);
            verifier.update(nonce);
            if (!verifier.verify(bytes(assertion.path("signature"), "signature"))) {
                throw refused("The assertion's signature does not verify.");
            }
        } catch (GeneralSecurityException e) {
            throw refused("The assertion's signature does not verify.");
        }
        AuthenticatorData data = AuthenticatorData.parse(authData, false);
        if (!MessageDigest.isEqual(data.rpIdHash(), sha256(appId.getBytes(StandardCharsets.UTF_8)))) {   // step 4
            throw refused("The assertion is for another app.");
        }
        if (data.counter() <= previousCounter) {                                   // step 5
            throw refused("The assertion's counter did not grow: a replay, or a cloned key.");
        }
        return data.counter();
    }

    /** The fixed-layout start of authenticator data (WebAuthn §6.1), and the attested credential's id. */
    private record AuthenticatorData(byte[] rpIdHash, long counter, byte[] aaguid, byte[] credentialId) {
        static AuthenticatorData parse(byte[] bytes, boolean attested) {
            if (bytes.length < 37) {
                throw refused("The authenticator data is too short.");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte[] rpIdHash = new byte[32];
            buffer.get(rpIdHash);
            buffer.get(); // flags
            long counter = Integer.toUnsignedLong(buffer.getInt());
            if (!attested) {
                return new AuthenticatorData(rpIdHash, counter, new byte[0], new byte[0]);
            }
            if (bytes.length < 37 + 18) {
                throw refused("The authenticator data has no attested credential.");
            }
            byte[] aaguid = new byte[16];
            buffer.get(aaguid);
            int length = Short.toUnsignedInt(buffer.getShort());
            if (length > buffer.remaining()) {
                throw refused("The attested credential id is truncated.");
            }
            byte[] credentialId = new byte[length];
            buffer.get(credentialId);
            return new AuthenticatorData(rpIdHash, counter, aaguid, credentialId);
        }
    }

    private void chainsToRoot(List<X509Certificate> chain) {
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            parameters.setRevocationEnabled(false); // App Attest certificates carry no revocation information
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(path, parameters);
        } catch (GeneralSecurityException e) {
            throw refused("The attestation's certificates do not chain to the App Attest root at this time.");
        }
    }

    private static byte[] nonceInCertificate(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(NONCE_EXTENSION);
        if (extension == null) {
            throw refused("The credential certificate has no nonce extension.");
        }
        try {
            ASN1Primitive value = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extension).getOctets());
            ASN1TaggedObject tagged = ASN1TaggedObject.getInstance(ASN1Sequence.getInstance(value).getObjectAt(0));
            if (tagged.getTagNo() != 1) {
                throw refused("The nonce extension is malformed.");
            }
            return ASN1OctetString.getInstance(tagged.getExplicitBaseObject()).getOctets();
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw refused("The nonce extension is malformed.");
        }
    }

    private static List<X509Certificate> certificates(JsonNode x5c) {
        if (!x5c.isArray() || x5c.size() < 2 || x5c.size() > 4) {
            throw refused("The attestation needs the credential certificate and its intermediate.");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (JsonNode certificate : x5c) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(
                        bytes(certificate, "x5c"))));
            }
        } catch (GeneralSecurityException e) {
            throw refused("The attestation's certificates are malformed.");
        }
        return chain;
    }

    private static ECPublicKey ecKey(X509Certificate certificate) {
        if (!(certificate.getPublicKey() instanceof ECPublicKey key) || key.getParams().getCurve().getField()
                .getFieldSize() != 256) {
            throw refused("The attested key is not a P-256 key.");
        }
        return key;
    }

    /** X9.62 uncompressed point: 0x04 ‖ X ‖ Y, 32 bytes each. */
    static byte[] uncompressedPoint(ECPublicKey key) {
        byte[] point = new byte[65];
        point[0] = 4;
        copy32(key.getW().getAffineX().toByteArray(), point, 1);
        copy32(key.getW().getAffineY().toByteArray(), point, 33);
        return point;
    }

    private static void copy32(byte[] value, byte[] into, int offset) {
        int length = Math.min(32, value.length);
        System.arraycopy(value, value.length - length, into, offset + 32 - length, length);
    }

    private static JsonNode cbor(byte[] object) {
        if (object == null || object.length == 0 || object.length > LONGEST_OBJECT) {
            throw refused("The object is missing or too long.");
        }
        try {
            JsonNode node = CBOR.readTree(object);
            if (node == null || !node.isObject()) {
                throw refused("The object is not a CBOR map.");
            }
            return node;
        } catch (RuntimeException e) {
            throw e instanceof DomainException domain ? domain : refused("The object is not valid CBOR.");
        }
    }

    private static byte[] bytes(JsonNode node, String name) {
        if (!node.isBinary()) {
            throw refused("The object's " + name + " is missing or not a byte string.");
        }
        return node.binaryValue();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static DomainException refused(String message) {
        return new DomainException(ErrorCode.INVALID_REQUEST, message);
    }
}
