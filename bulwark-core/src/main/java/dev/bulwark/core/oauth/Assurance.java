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
    /**
     * A code sent by email. Not an RFC 8176 value (none fits: {@code otp} would hide that email is not an out-of-band
     * channel NIST SP 800-63B accepts); a second factor for app policies, never toward AAL2.
     */
    public static final String EMAIL_CODE = "email";
    /** RFC 8176: a code sent by SMS (NIST SP 800-63B: a restricted out-of-band authenticator). */
    public static final String SMS_CODE = "sms";
    /** RFC 8176: proof of possession of a software-secured key (a device key whose hardware is not proven). */
    public static final String SOFTWARE_KEY = "swk";
    /** RFC 8176: proof of possession of a hardware-secured key (a device key with a verified attestation). */
    public static final String HARDWARE_KEY = "hwk";
    /**
     * Methods that pass an app's second-factor policy. A device key counts: it is possession of the enrolled phone,
     * unlocked by the biometric the app required when it made the key.
     */
    private static final List<String> SECOND_FACTORS = List.of(ONE_TIME_PASSWORD, EMAIL_CODE, SMS_CODE, SOFTWARE_KEY,
            HARDWARE_KEY);

    private Assurance() {
    }

    /** The class the methods reach: two factors, not counting an emailed code, make AAL2. */
    public static String of(Collection<String> methods) {
        long strong = methods.stream().filter(m -> !m.equals(MULTIPLE_FACTORS) && !m.equals(EMAIL_CODE)).distinct()
                .count();
        return strong >= 2 ? AAL2 : AAL1;
    }

    /** Whether a second factor of any kind was passed. */
    public static boolean secondFactorPassed(Collection<String> methods) {
        return methods.stream().anyMatch(SECOND_FACTORS::contains);
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
