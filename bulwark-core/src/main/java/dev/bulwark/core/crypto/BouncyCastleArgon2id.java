package dev.bulwark.core.crypto;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters.Builder;

/** Pure-Java Argon2id from Bouncy Castle: the fallback that works wherever a JVM runs. */
public final class BouncyCastleArgon2id implements Argon2id {

    @Override
    public String name() {
        return "bouncycastle";
    }

    @Override
    public byte[] hash(Argon2Parameters parameters, byte[] password, byte[] salt, byte[] secret,
                       byte[] associatedData, int tagLength) {
        var bcParameters = new Builder(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(parameters.memoryKib())
                .withIterations(parameters.iterations())
                .withParallelism(parameters.parallelism())
                .withSalt(salt)
                .withSecret(secret)
                .withAdditional(associatedData)
                .build();
        var generator = new Argon2BytesGenerator();
        generator.init(bcParameters);
        byte[] tag = new byte[tagLength];
        generator.generateBytes(password, tag);
        return tag;
    }
}
