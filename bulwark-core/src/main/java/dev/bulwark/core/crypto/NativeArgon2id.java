package dev.bulwark.core.crypto;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Version;

/**
 * The reference C implementation, libargon2, through JNA (de.mkammerer:argon2-jvm, which ships the library
 * for common platforms). Fastest here; see bulwark-bench for the figures.
 */
public final class NativeArgon2id implements Argon2id {
    private final Argon2Advanced argon2;
    /** JNA cannot pass a zero-length password; the same function from Bouncy Castle can. */
    private final Argon2id forEmptyPassword = new BouncyCastleArgon2id();

    private NativeArgon2id(Argon2Advanced argon2) {
        this.argon2 = argon2;
    }

    /**
     * Loads libargon2 and proves it works by hashing once.
     *
     * @throws LinkageError or another runtime error when the native library cannot load on this platform
     */
    public static NativeArgon2id load() {
        var implementation = new NativeArgon2id(Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id));
        implementation.hash(new Argon2Parameters(8, 1, 1), new byte[] {1}, new byte[16], 32);
        return implementation;
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public byte[] hash(Argon2Parameters parameters, byte[] password, byte[] salt, byte[] secret,
                       byte[] associatedData, int tagLength) {
        if (password.length == 0) {
            return forEmptyPassword.hash(parameters, password, salt, secret, associatedData, tagLength);
        }
        // argon2-jvm allocates a buffer per optional input and cannot allocate an empty one: absent means empty.
        return argon2.rawHashAdvanced(parameters.iterations(), parameters.memoryKib(), parameters.parallelism(),
                password, salt, secret.length == 0 ? null : secret,
                associatedData.length == 0 ? null : associatedData, tagLength, Argon2Version.V13);
    }
}
