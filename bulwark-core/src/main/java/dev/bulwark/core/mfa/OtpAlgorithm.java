package dev.bulwark.core.mfa;

/** The HMAC behind a one-time password (RFC 6238 §1.2), with its name in {@code otpauth://} URIs. */
public enum OtpAlgorithm {
    SHA1("HmacSHA1", "SHA1"),
    SHA256("HmacSHA256", "SHA256"),
    SHA512("HmacSHA512", "SHA512");

    private final String jcaName;
    private final String uriName;

    OtpAlgorithm(String jcaName, String uriName) {
        this.jcaName = jcaName;
        this.uriName = uriName;
    }

    String jcaName() {
        return jcaName;
    }

    /** The value of the {@code algorithm} parameter of an {@code otpauth://} URI. */
    public String uriName() {
        return uriName;
    }
}
