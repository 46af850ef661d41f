package dev.bulwark.core.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Hashes and verifies passwords with Argon2id at the configured parameters: a fresh 16-byte salt per hash,
 * a 32-byte tag, constant-time comparison.
 */
public final class PasswordHasher {
    static final int SALT_BYTES = 16;
    static final int TAG_BYTES = 32;

    private final Argon2id argon2;
    private final Argon2Parameters parameters;
    private final SecureRandom random;

    public PasswordHasher(Argon2id argon2, Argon2Parameters parameters, SecureRandom random) {
        this.argon2 = Objects.requireNonNull(argon2, "argon2");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Argon2Parameters parameters() {
        return parameters;
    }

    public PasswordHash hash(Password password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(parameters, salt, argon2.hash(parameters, password.revealUtf8(), salt, TAG_BYTES));
    }

    /** Whether {@code password} matches {@code stored}, hashing at the stored hash's own parameters. */
    public boolean verify(Password password, PasswordHash stored) {
        byte[] computed = argon2.hash(stored.parameters(), password.revealUtf8(), stored.salt(), stored.tagLength());
        return MessageDigest.isEqual(computed, stored.tag());
    }

    /** Whether {@code stored} was made with other parameters than the configured ones. */
    public boolean needsRehash(PasswordHash stored) {
        return !stored.parameters().equals(parameters) || stored.tagLength() != TAG_BYTES;
    }
}
