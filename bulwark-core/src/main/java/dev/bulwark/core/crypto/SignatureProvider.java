package dev.bulwark.core.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.util.Locale;
import java.util.Optional;
import org.conscrypt.Conscrypt;

/**
 * Where token signatures are computed: BoringSSL through Conscrypt when it loads, else the JDK's own providers.
 * On the benchmark machine BoringSSL signs ES256 ten times and RS256 twice as fast as the JDK (0.02 against 0.22
 * ms, 0.6 against 1.2 ms), which is most of what a token request costs besides the database. Only signing goes
 * through it, with Bulwark's own keys: nothing untrusted is parsed there, and verification stays in the JDK.
 *
 * @param nativeProvider present when BoringSSL signs
 * @param fallbackReason present when native signing was preferred but could not be used
 */
public record SignatureProvider(Optional<Provider> nativeProvider, Optional<String> fallbackReason) {

    /** Which provider the operator asks for. */
    public enum Preference {
        /** BoringSSL when it loads, else the JDK. */
        AUTO,
        /** BoringSSL only; failing to load it is a start-up error. */
        NATIVE,
        /** The JDK only. */
        JDK;

        public static Preference parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** The JDK's providers. */
    public static final SignatureProvider JDK = new SignatureProvider(Optional.empty(), Optional.empty());

    public static SignatureProvider select(Preference preference) {
        if (preference == Preference.JDK) {
            return JDK;
        }
        try {
            return new SignatureProvider(Optional.of(loadNative()), Optional.empty());
        } catch (RuntimeException | LinkageError | GeneralSecurityException e) {
            if (preference == Preference.NATIVE) {
                throw new IllegalStateException("native signing (Conscrypt) could not be loaded: " + e.getMessage(), e);
            }
            return new SignatureProvider(Optional.empty(), Optional.of("native signing (Conscrypt) could not be loaded ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); signing with the JDK"));
        }
    }

    /** Loads Conscrypt and proves that what it signs, the JDK verifies, for both key types Bulwark signs with. */
    private static Provider loadNative() throws GeneralSecurityException {
        Provider provider = Conscrypt.newProvider();
        prove(provider, "RSA", 2048, "SHA256withRSA");
        prove(provider, "EC", 256, "SHA256withECDSA");
        return provider;
    }

    private static void prove(Provider provider, String keyType, int size, String algorithm)
            throws GeneralSecurityException {
        // The key pair comes from BoringSSL too: the JDK's RSA key generation searches for primes in Java and took
        // half a second or more of every start (a JFR profile of start-up, issue 21).
        KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType, provider);
        generator.initialize(size);
        KeyPair pair = generator.generateKeyPair();
        byte[] message = "Bulwark signs with BoringSSL".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm, provider);
        signer.initSign(pair.getPrivate());
        signer.update(message);
        byte[] signature = signer.sign();
        // Verified by the JDK, with the public key as the JDK reads it: what relying parties will do.
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(KeyFactory.getInstance(keyType).generatePublic(
                new java.security.spec.X509EncodedKeySpec(pair.getPublic().getEncoded())));
        verifier.update(message);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("a " + algorithm + " signature from Conscrypt does not verify");
        }
    }

    /**
     * The private key as the native provider's own object. Handed a JDK key, Conscrypt would convert it on every
     * signature, which costs more than the signature itself.
     */
    public PrivateKey translate(PrivateKey key) {
        return nativeProvider.map(provider -> {
            try {
                return translate(provider, key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot hand the " + key.getAlgorithm() + " key to Conscrypt", e);
            }
        }).orElse(key);
    }

    private static PrivateKey translate(Provider provider, PrivateKey key) throws GeneralSecurityException {
        return (PrivateKey) KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
    }
}
