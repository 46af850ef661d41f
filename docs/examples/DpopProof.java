import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Makes a DPoP proof (RFC 9449 §4) for one request, as a phone does for each: an ES256 JWT whose header carries the
 * public key, signed by the private key that the phone keeps. No libraries: run it with the JDK's source launcher.
 *
 * <pre>
 *   java docs/examples/DpopProof.java KEY_FILE METHOD URL [ACCESS_TOKEN] [NONCE]
 * </pre>
 *
 * KEY_FILE holds the key pair, made on first use (readable by its owner only). URL is the request's URL without
 * query or fragment ({@code htu}). Give ACCESS_TOKEN when calling an API with it ({@code ath}), and NONCE when the
 * server asked for one with {@code use_dpop_nonce} and a {@code DPoP-Nonce} header. Prints the proof on standard
 * output and the key's thumbprint (the {@code cnf.jkt} of tokens bound to it) on standard error.
 */
public final class DpopProof {
    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 5) {
            System.err.println("usage: java DpopProof.java KEY_FILE METHOD URL [ACCESS_TOKEN] [NONCE]");
            System.exit(2);
        }
        KeyPair key = keyPair(Path.of(args[0]));
        ECPublicKey publicKey = (ECPublicKey) key.getPublic();
        // RFC 7638: the required members in lexicographic order, no spaces; the same text is hashed for jkt.
        String jwk = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + coordinate(publicKey.getW().getAffineX())
                + "\",\"y\":\"" + coordinate(publicKey.getW().getAffineY()) + "\"}";
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + jwk + "}";
        StringBuilder payload = new StringBuilder("{\"jti\":\"" + UUID.randomUUID() + "\",\"htm\":\"" + args[1]
                + "\",\"htu\":\"" + args[2] + "\",\"iat\":" + Instant.now().getEpochSecond());
        if (args.length > 3 && !args[3].isEmpty()) {
            payload.append(",\"ath\":\"").append(base64url(sha256(args[3]))).append('"');
        }
        if (args.length > 4) {
            payload.append(",\"nonce\":\"").append(args[4]).append('"');
        }
        payload.append('}');
        String signingInput = base64url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64url(payload.toString().getBytes(StandardCharsets.UTF_8));
        // JWS ES256 signatures are R || S, 32 bytes each (RFC 7518 §3.4), not the DER form Java makes by default.
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(key.getPrivate());
        signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        System.out.println(signingInput + "." + base64url(signer.sign()));
        System.err.println("jkt: " + base64url(sha256(jwk)));
    }

    private static KeyPair keyPair(Path file) throws Exception {
        KeyFactory factory = KeyFactory.getInstance("EC");
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file);
            return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(1)))),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0)))));
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair made = generator.generateKeyPair();
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, List.of(Base64.getEncoder().encodeToString(made.getPrivate().getEncoded()),
                Base64.getEncoder().encodeToString(made.getPublic().getEncoded())));
        return made;
    }

    /** A P-256 coordinate as JWK wants it: exactly 32 big-endian bytes, base64url. */
    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
        return base64url(fixed);
    }

    private static byte[] sha256(String text) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
