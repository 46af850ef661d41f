package dev.bulwark.server.ops;

import dev.bulwark.core.crypto.Argon2Parameters;
import dev.bulwark.core.crypto.Argon2id;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Measures every password hash, so operators see what Argon2id costs on their hardware. */
public final class TimedArgon2id implements Argon2id {
    private final Argon2id delegate;
    private final Timer timer;

    public TimedArgon2id(Argon2id delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.timer = Timer.builder("bulwark.password.hash")
                .description("Time to compute one Argon2id password hash")
                .tag("implementation", delegate.name())
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public byte[] hash(Argon2Parameters parameters, byte[] password, byte[] salt, byte[] secret, byte[] associatedData,
                       int tagLength) {
        return timer.record(() -> delegate.hash(parameters, password, salt, secret, associatedData, tagLength));
    }

    @Override
    public void releaseIdleMemory() {
        delegate.releaseIdleMemory();
    }
}
