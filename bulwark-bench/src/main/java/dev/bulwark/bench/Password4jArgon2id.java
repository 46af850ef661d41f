package dev.bulwark.bench;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import dev.bulwark.core.crypto.Argon2Parameters;
import dev.bulwark.core.crypto.Argon2id;
import java.nio.charset.StandardCharsets;

/**
 * Password4j's pure-Java Argon2id, measured beside Bulwark's two. Its public API takes a secret (its "pepper",
 * as text) but no associated data, so it is only a candidate for uses without associated data, such as
 * Bulwark's password hashing.
 */
public final class Password4jArgon2id implements Argon2id {

    @Override
    public String name() {
        return "password4j";
    }

    @Override
    public byte[] hash(Argon2Parameters parameters, byte[] password, byte[] salt, byte[] secret, byte[] associatedData,
                       int tagLength) {
        if (associatedData.length > 0) {
            throw new IllegalArgumentException("Password4j's API cannot take Argon2 associated data");
        }
        Argon2Function function = Argon2Function.getInstance(parameters.memoryKib(), parameters.iterations(),
                parameters.parallelism(), tagLength, Argon2.ID, Argon2Function.ARGON2_VERSION_13);
        CharSequence pepper = secret.length == 0 ? null : new String(secret, StandardCharsets.ISO_8859_1);
        return function.hash(password, salt, pepper).getBytes();
    }
}
