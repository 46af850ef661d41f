package dev.bulwark.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A passkey authenticator built by the test, with no WebAuthn library: it answers creation and request options with
 * the JSON that Android Credential Manager and browsers give (RegistrationResponseJSON, AuthenticationResponseJSON),
 * from a P-256 key it holds, encoding CBOR, COSE and authenticator data by hand after WebAuthn Level 3 §6. Knobs let
 * tests break one thing at a time.
 */
public final class SoftwareAuthenticator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final int UP = 0x01;
    private static final int UV = 0x04;
    private static final int BE = 0x08;
    private static final int BS = 0x10;
    private static final int AT = 0x40;

    private final KeyPair key;
    private final byte[] credentialId = new byte[16];
    private final boolean synced;
    private String userHandle;
    private long counter;
    /** Whether the next ceremony reports user verification. */
    public boolean verifiesUser = true;

    public SoftwareAuthenticator(boolean synced) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.key = generator.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        new SecureRandom().nextBytes(credentialId);
        this.synced = synced;
    }

    public String credentialId() {
        return B64.encodeToString(credentialId);
    }

    /** Sets the counter the next assertion starts from (to make it go backwards). */
    public void counter(long value) {
        counter = value;
    }

    /** The RegistrationResponseJSON for creation options, as seen from {@code origin}. */
    public String register(JsonNode options, String origin) {
        userHandle = options.get("user").get("id").asText();
        byte[] clientData = clientData("webauthn.create", options.get("challenge").asText(), origin);
        ByteArrayOutputStream attested = new ByteArrayOutputStream();
        attested.writeBytes(new byte[16]); // AAGUID: none
        attested.write(0);
        attested.write(credentialId.length);
        attested.writeBytes(credentialId);
        attested.writeBytes(coseKey());
        byte[] authData = authenticatorData(options.get("rp").get("id").asText(), AT, attested.toByteArray());
        Map<Object, Object> attestation = new LinkedHashMap<>();
        attestation.put("fmt", "none");
        attestation.put("attStmt", Map.of());
        attestation.put("authData", authData);
        ObjectNode response = JSON.createObjectNode();
        response.put("clientDataJSON", B64.encodeToString(clientData));
        response.put("attestationObject", B64.encodeToString(Cbor.encode(attestation)));
        response.putArray("transports").add("internal").add("hybrid");
        return credential(response);
    }

    /** The AuthenticationResponseJSON for request options, as seen from {@code origin}. */
    public String authenticate(JsonNode options, String origin) {
        return authenticate(options, origin, userHandle);
    }

    /** As above, claiming another user handle. */
    public String authenticate(JsonNode options, String origin, String claimedUserHandle) {
        byte[] clientData = clientData("webauthn.get", options.get("challenge").asText(), origin);
        byte[] authData = authenticatorData(options.get("rpId").asText(), 0, new byte[0]);
        byte[] signature;
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key.getPrivate());
            signer.update(authData);
            signer.update(MessageDigest.getInstance("SHA-256").digest(clientData));
            signature = signer.sign();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        ObjectNode response = JSON.createObjectNode();
        response.put("clientDataJSON", B64.encodeToString(clientData));
        response.put("authenticatorData", B64.encodeToString(authData));
        response.put("signature", B64.encodeToString(signature));
        response.put("userHandle", claimedUserHandle);
        return credential(response);
    }

    private String credential(ObjectNode response) {
        ObjectNode credential = JSON.createObjectNode();
        credential.put("id", credentialId());
        credential.put("rawId", credentialId());
        credential.put("type", "public-key");
        credential.set("response", response);
        credential.putObject("clientExtensionResults");
        credential.put("authenticatorAttachment", "platform");
        return credential.toString();
    }

    private static byte[] clientData(String type, String challenge, String origin) {
        ObjectNode data = JSON.createObjectNode();
        data.put("type", type);
        data.put("challenge", challenge);
        data.put("origin", origin);
        data.put("crossOrigin", false);
        return data.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] authenticatorData(String rpId, int extraFlags, byte[] attested) {
        try {
            int flags = UP | extraFlags | (verifiesUser ? UV : 0) | (synced ? BE | BS : 0);
            counter++;
            return ByteBuffer.allocate(37 + attested.length)
                    .put(MessageDigest.getInstance("SHA-256").digest(rpId.getBytes(StandardCharsets.UTF_8)))
                    .put((byte) flags).putInt((int) counter).put(attested).array();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The public key as a COSE_Key (RFC 9053 EC2, ES256). */
    private byte[] coseKey() {
        ECPublicKey publicKey = (ECPublicKey) key.getPublic();
        Map<Object, Object> cose = new LinkedHashMap<>();
        cose.put(1, 2);
        cose.put(3, -7);
        cose.put(-1, 1);
        cose.put(-2, unsigned32(publicKey.getW().getAffineX()));
        cose.put(-3, unsigned32(publicKey.getW().getAffineY()));
        return Cbor.encode(cose);
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(32, bytes.length);
        System.arraycopy(bytes, bytes.length - copy, fixed, 32 - copy, copy);
        return fixed;
    }

    /** The CBOR (RFC 8949) this needs: integers, byte and text strings, maps. */
    static final class Cbor {
        private Cbor() {
        }

        static byte[] encode(Object value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write(out, value);
            return out.toByteArray();
        }

        private static void write(ByteArrayOutputStream out, Object value) {
            if (value instanceof Integer number) {
                if (number >= 0) {
                    head(out, 0, number);
                } else {
                    head(out, 1, -1L - number);
                }
            } else if (value instanceof byte[] bytes) {
                head(out, 2, bytes.length);
                out.writeBytes(bytes);
            } else if (value instanceof String text) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                head(out, 3, bytes.length);
                out.writeBytes(bytes);
            } else if (value instanceof Map<?, ?> map) {
                head(out, 5, map.size());
                map.forEach((k, v) -> {
                    write(out, k);
                    write(out, v);
                });
            } else {
                throw new IllegalArgumentException("not encodable: " + value);
            }
        }

        private static void head(ByteArrayOutputStream out, int major, long length) {
            if (length < 24) {
                out.write(major << 5 | (int) length);
            } else if (length < 256) {
                out.write(major << 5 | 24);
                out.write((int) length);
            } else {
                out.write(major << 5 | 25);
                out.write((int) (length >> 8));
                out.write((int) length);
            }
        }
    }
}
