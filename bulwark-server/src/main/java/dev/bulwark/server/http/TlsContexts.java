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
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Builds Jetty's TLS context from PEM files: TLS 1.3 and 1.2 only, forward-secret AEAD suites only, no
 * renegotiation, the server's suite order.
 */
final class TlsContexts {
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsContexts() {
    }

    /** @throws IllegalStateException with a one-line reason when the files cannot be used */
    static SslContextFactory.Server fromPem(Path certificateFile, Path privateKeyFile) {
        try {
            List<Certificate> chain = certificates(certificateFile);
            PrivateKey key = privateKey(privateKeyFile);
            if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
                throw new IllegalStateException("server.tls.privateKey does not belong to server.tls.certificate");
            }
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
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the TLS certificate and key: " + e.getMessage(), e);
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
