package dev.bulwark.core.device;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A certificate chain as apps send it in a form field: base64 (or base64url) DER certificates, comma-separated. */
public final class CertificateChain {
    private static final int LONGEST = 64 * 1024;
    private static final int MOST_CERTIFICATES = 10;

    private CertificateChain() {
    }

    /** @throws DomainException {@code invalid_request} for anything but such a list */
    public static List<X509Certificate> parse(String text) {
        if (text.length() > LONGEST) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "The attestation is too long.");
        }
        String[] parts = text.split(",", -1);
        if (parts.length > MOST_CERTIFICATES) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "The attestation has too many certificates.");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (String part : parts) {
                byte[] der = Base64.getDecoder().decode(part.strip().replace('-', '+').replace('_', '/'));
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "The attestation is not a list of base64 DER "
                    + "certificates separated by commas.");
        }
        return chain;
    }
}
