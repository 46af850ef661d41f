package dev.bulwark.core.oauth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

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
    /** RFC 8176: one-time password (an authenticator app's code, or a recovery code). */
    public static final String ONE_TIME_PASSWORD = "otp";
    /** RFC 8176: more than one factor was used. */
    public static final String MULTIPLE_FACTORS = "mfa";

    private Assurance() {
    }

    /** The class the methods reach. */
    public static String of(Collection<String> methods) {
        return factors(methods) >= 2 ? AAL2 : AAL1;
    }

    /** The methods as reported in {@code amr}: with {@code mfa} when more than one factor was used. */
    public static List<String> reported(Collection<String> methods) {
        List<String> reported = new ArrayList<>(methods.stream().filter(m -> !m.equals(MULTIPLE_FACTORS)).toList());
        if (factors(methods) >= 2) {
            reported.add(MULTIPLE_FACTORS);
        }
        return List.copyOf(reported);
    }

    /** Whether an {@code acr_values} request (space-separated, in order of preference) asks for two factors. */
    public static boolean asksForTwoFactors(String acrValues) {
        return List.of(acrValues.split(" ")).contains(AAL2);
    }

    private static long factors(Collection<String> methods) {
        return methods.stream().filter(m -> !m.equals(MULTIPLE_FACTORS)).distinct().count();
    }
}
