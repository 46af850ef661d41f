package dev.bulwark.core.device;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Android key attestation: a certificate chain from a key in the device's keystore up to one of Google's attestation
 * roots, whose leaf describes the key and the device (the KeyDescription extension). Checked as ordered steps, each
 * failing closed with its own message; what the chain proves is then judged by the app's device policy.
 */
public final class AndroidKeyAttestationVerifier {
    private static final int SHORTEST_CHAIN = 3;
    private static final int LONGEST_CHAIN = 10;
    private static final long ORIGIN_GENERATED = 0;

    /** How the device got its attestation key, read from the certificate just below the root. */
    public enum Provisioning {
        /** Installed in the factory: the intermediates carry a serialNumber and live as long as the device. */
        FACTORY,
        /** Remote key provisioning: short-lived intermediates under {@code Droid CA2}. */
        REMOTE,
        UNKNOWN
    }

    /** A chain that checked out: the attested key, what the device said about it, and how the device was provisioned. */
    public record Verified(PublicKey attestedKey, KeyDescription description, Provisioning provisioning) {
    }

    private final List<PublicKey> roots;
    private final AttestationRevocations revocations;
    private final Clock clock;

    /**
     * @param roots the trust anchors' public keys (Google's RSA root and its re-issues share one key, the 2025 P-384
     *              root another); a chain's last certificate is trusted when its key is one of these
     */
    public AndroidKeyAttestationVerifier(List<PublicKey> roots, AttestationRevocations revocations, Clock clock) {
        this.roots = List.copyOf(roots);
        this.revocations = revocations;
        this.clock = clock;
    }

    /**
     * @param chain     leaf (the attested key's certificate) first, the root last
     * @param challenge the nonce Bulwark issued for this attestation
     * @throws DomainException {@code invalid_request} naming the step that failed
     */
    public Verified verify(List<X509Certificate> chain, byte[] challenge) {
        if (chain.size() < SHORTEST_CHAIN || chain.size() > LONGEST_CHAIN) {                         // step 1
            throw refused("The chain must hold the attestation certificate, its intermediates and the root.");
        }
        X509Certificate root = chain.get(chain.size() - 1);
        if (roots.stream().noneMatch(anchor -> Arrays.equals(anchor.getEncoded(), root.getPublicKey().getEncoded()))) {
            throw refused("The chain does not end at a trusted attestation root.");                  // step 2
        }
        for (int i = 0; i < chain.size() - 1; i++) {                                                // step 3
            signedBy(chain.get(i), chain.get(i + 1));
        }
        signedBy(root, root);
        Provisioning provisioning = provisioning(chain.get(chain.size() - 2));
        for (int i = 1; i < chain.size() - 1; i++) {                                                // step 4
            X509Certificate intermediate = chain.get(i);
            if (intermediate.getBasicConstraints() < 0) {
                throw refused("An intermediate certificate is not a certificate authority.");
            }
            if (provisioning != Provisioning.FACTORY) {
                valid(intermediate);
            }
        }
        for (X509Certificate certificate : chain) {                                                 // step 5
            revocations.status(certificate).ifPresent(status -> {
                throw refused("A certificate of the chain is " + status.toLowerCase(java.util.Locale.ROOT)
                        + " in the attestation status list.");
            });
        }
        for (int i = 1; i < chain.size(); i++) {                                                    // step 6
            if (chain.get(i).getExtensionValue(KeyDescription.OID) != null) {
                throw refused("Only the attestation certificate may carry a key description.");
            }
        }
        KeyDescription description = KeyDescription.of(chain.get(0))                                // step 7
                .orElseThrow(() -> refused("The attestation certificate has no key description."));
        if (!MessageDigest.isEqual(description.attestationChallenge(), challenge)) {               // step 8
            throw refused("The attestation's challenge is not the expected one.");
        }
        if (description.hardwareEnforced().integer(AuthorizationTag.ORIGIN)                        // step 9
                .filter(origin -> origin != ORIGIN_GENERATED).isPresent()) {
            throw refused("The attested key was imported, not generated in the device.");
        }
        return new Verified(chain.get(0).getPublicKey(), description, provisioning);
    }

    private static void signedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw refused("The chain's certificates are out of order: an issuer is not the next subject.");
        }
        try {
            certificate.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw refused("A certificate of the chain is not signed by the next one.");
        }
    }

    private void valid(X509Certificate certificate) {
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (GeneralSecurityException e) {
            throw refused("An intermediate certificate of the chain is expired or not yet valid.");
        }
    }

    /**
     * Factory intermediates have a serialNumber in their subject; remotely provisioned ones hang from
     * {@code CN=Droid CA2, O=Google LLC}.
     */
    static Provisioning provisioning(X509Certificate belowRoot) {
        X500Name subject = X500Name.getInstance(belowRoot.getSubjectX500Principal().getEncoded());
        if (subject.getRDNs(BCStyle.SERIALNUMBER).length > 0) {
            return Provisioning.FACTORY;
        }
        if ("Droid CA2".equals(value(subject, BCStyle.CN)) && "Google LLC".equals(value(subject, BCStyle.O))) {
            return Provisioning.REMOTE;
        }
        return Provisioning.UNKNOWN;
    }

    private static String value(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier attribute) {
        RDN[] rdns = name.getRDNs(attribute);
        return rdns.length == 1 ? IETFUtils.valueToString(rdns[0].getFirst().getValue()) : null;
    }

    static DomainException refused(String message) {
        return new DomainException(ErrorCode.INVALID_REQUEST, message);
    }
}
