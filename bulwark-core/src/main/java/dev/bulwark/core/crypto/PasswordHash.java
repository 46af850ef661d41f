package dev.bulwark.core.crypto;

import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stored Argon2id password hash in the PHC string format,
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>}, which carries its own parameters so that a change
 * of configuration can be detected and the password rehashed at the next successful sign-in.
 */
public final class PasswordHash {
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,10}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,128})\\$([A-Za-z0-9+/]{22,256})");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private final Argon2Parameters parameters;
    private final byte[] salt;
    private final byte[] tag;

    public PasswordHash(Argon2Parameters parameters, byte[] salt, byte[] tag) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        if (salt.length < 8 || tag.length < 16) {
            throw new IllegalArgumentException("salt must be at least 8 bytes and tag at least 16");
        }
        this.salt = salt.clone();
        this.tag = tag.clone();
    }

    /**
     * Parses a PHC string.
     *
     * @throws IllegalArgumentException when it is not an Argon2id v1.3 PHC string
     */
    public static PasswordHash parse(String phc) {
        var matcher = PHC.matcher(phc);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not an Argon2id v19 PHC string");
        }
        var parameters = new Argon2Parameters(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)));
        return new PasswordHash(parameters, DECODER.decode(matcher.group(4)), DECODER.decode(matcher.group(5)));
    }

    public Argon2Parameters parameters() {
        return parameters;
    }

    byte[] salt() {
        return salt.clone();
    }

    byte[] tag() {
        return tag.clone();
    }

    int tagLength() {
        return tag.length;
    }

    /** The PHC string to store. It holds no secret that would let anyone sign in, but it stays out of logs. */
    public String encoded() {
        return "$argon2id$v=19$m=" + parameters.memoryKib() + ",t=" + parameters.iterations() + ",p="
                + parameters.parallelism() + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(tag);
    }

    @Override
    public String toString() {
        return "PasswordHash[argon2id " + parameters + ", redacted]";
    }
}
