package dev.bulwark.core.device;

import java.security.cert.X509Certificate;
import java.util.Optional;

/** Port: Google's attestation certificate status list, by certificate serial number. */
public interface AttestationRevocations {

    /** @return the certificate's status ({@code REVOKED}, {@code SUSPENDED}) when the list names it */
    Optional<String> status(X509Certificate certificate);

    /** No list configured: nothing is known to be revoked. */
    AttestationRevocations NONE = certificate -> Optional.empty();
}
