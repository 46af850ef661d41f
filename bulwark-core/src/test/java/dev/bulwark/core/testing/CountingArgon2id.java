package dev.bulwark.core.testing;

import dev.bulwark.core.crypto.Argon2Parameters;
import dev.bulwark.core.crypto.Argon2id;
import dev.bulwark.core.crypto.BouncyCastleArgon2id;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the parameters of every hash computed, to prove how much work each path does without timing it. */
public final class CountingArgon2id implements Argon2id {
    private final Argon2id delegate = new BouncyCastleArgon2id();
    private final List<Argon2Parameters> calls = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public byte[] hash(Argon2Parameters parameters, byte[] password, byte[] salt, byte[] secret, byte[] associatedData,
                       int tagLength) {
        calls.add(parameters);
        return delegate.hash(parameters, password, salt, secret, associatedData, tagLength);
    }

    public List<Argon2Parameters> calls() {
        return List.copyOf(calls);
    }

    public void reset() {
        calls.clear();
    }
}
