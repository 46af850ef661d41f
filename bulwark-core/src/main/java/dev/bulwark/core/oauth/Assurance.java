package dev.bulwark.core.oauth;

import java.util.Collection;

/**
 * Authentication context classes ({@code acr}) that Bulwark reports, after NIST SP 800-63B's assurance levels, and
 * the RFC 8176 method names ({@code amr}) it uses.
 */
public final class Assurance {
    /** One factor, such as a password. */
    public static final String AAL1 = "urn:bulwark:aal1";
    /** Two factors, one of them a possession factor. */
    public static final String AAL2 = "urn:bulwark:aal2";
    /** RFC 8176: password. */
    public static final String PASSWORD = "pwd";

    private Assurance() {
    }

    /** The class the methods reach. */
    public static String of(Collection<String> methods) {
        return methods.size() >= 2 ? AAL2 : AAL1;
    }
}
