package dev.bulwark.core.crypto;

/**
 * One implementation of Argon2id, version 1.3 (RFC 9106). Implementations must agree bit for bit; each
 * is checked against the RFC 9106 test vectors before it may be used.
 */
public interface Argon2id {

    /** A short name for logs and benchmarks, such as {@code native} or {@code bouncycastle}. */
    String name();

    /**
     * Computes the tag.
     *
     * @param secret         the optional secret value K (RFC 9106 §3.1), empty when unused
     * @param associatedData the optional associated data X, empty when unused
     * @param tagLength      tag length in bytes, at least 4
     */
    byte[] hash(Argon2Parameters parameters, byte[] password, byte[] salt, byte[] secret, byte[] associatedData,
                int tagLength);

    /**
     * Frees working memory that no hash has used since the previous call; call it once a minute. An
     * implementation that keeps nothing between hashes does nothing.
     */
    default void releaseIdleMemory() {
    }

    /** The tag of {@code password} and {@code salt} with no secret and no associated data. */
    default byte[] hash(Argon2Parameters parameters, byte[] password, byte[] salt, int tagLength) {
        return hash(parameters, password, salt, new byte[0], new byte[0], tagLength);
    }
}
