package dev.bulwark.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import dev.bulwark.server.config.ConfigException;
import dev.bulwark.server.ops.KeyFilePermissions;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Jetty's TLS context from PEM files: TLS 1.3 and 1.2 only, forward-secret AEAD suites only, no
 * renegotiation, the server's suite order.
 */
final class TlsContexts {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsContexts() {
    }

    /**
     * @param production whether to refuse, rather than warn about, a key file others can read or a certificate
     *                   outside its validity period
     * @throws ConfigException with a one-line reason when the files cannot be used
     */
    static SslContextFactory.Server fromPem(Path certificateFile, Path privateKeyFile, boolean production) {
        try {
            KeyFilePermissions.check(privateKeyFile, "server.tls.privateKey", production);
            List<Certificate> chain = certificates(certificateFile);
            PrivateKey key = privateKey(privateKeyFile);
            requirePair((X509Certificate) chain.get(0), key);
            checkValidity((X509Certificate) chain.get(0), production);
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String storePassword = HexFormat.of().formatHex(random); // protects an in-memory store only
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("bulwark", key, storePassword.toCharArray(), chain.toArray(Certificate[]::new));

            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setKeyStore(store);
            factory.setKeyStorePassword(storePassword);
            factory.setKeyManagerPassword(storePassword);
            factory.setIncludeProtocols(PROTOCOLS.toArray(String[]::new));
            factory.setIncludeCipherSuites(CIPHER_SUITES.toArray(String[]::new));
            factory.setUseCipherSuitesOrder(true);
            factory.setRenegotiationAllowed(false);
            factory.setSniRequired(false);
            return factory;
        } catch (IOException | GeneralSecurityException | IllegalStateException e) {
            throw new ConfigException(List.of("server.tls: cannot use the certificate and key: " + e.getMessage()));
        }
    }

    /** Proves that the key belongs to the certificate by signing with one and verifying with the other. */
    private static void requirePair(X509Certificate leaf, PrivateKey key) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalStateException("unsupported key type " + key.getAlgorithm());
        };
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        try {
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException mismatch) {
            // a key of another type: reported below
        }
        throw new IllegalStateException("server.tls.privateKey does not belong to server.tls.certificate");
    }

    private static void checkValidity(X509Certificate leaf, boolean production) {
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            String problem = "the certificate is valid only from " + leaf.getNotBefore().toInstant() + " to "
                    + leaf.getNotAfter().toInstant();
            if (production) {
                throw new IllegalStateException(problem);
            }
            LOG.warn("server.tls.certificate: {}", problem);
        }
    }

    private static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (chain.isEmpty()) {
                throw new IllegalStateException("server.tls.certificate holds no certificate");
            }
            return chain;
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            Object pem = parser.readObject();
            var converter = new JcaPEMKeyConverter();
            if (pem instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalStateException("server.tls.privateKey holds no unencrypted private key");
        }
    }
}
