package dev.bulwark.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private static final Argon2Parameters CHEAP = new Argon2Parameters(64, 1, 1);
    private final PasswordHasher hasher = new PasswordHasher(new BouncyCastleArgon2id(), CHEAP, new SecureRandom());

    @Test
    void whenSamePasswordThenVerifies() {
        PasswordHash hash = hasher.hash(Password.of("correct horse battery staple"));

        assertThat(hasher.verify(Password.of("correct horse battery staple"), hash)).isTrue();
    }

    @Test
    void whenDifferentPasswordThenRefused() {
        PasswordHash hash = hasher.hash(Password.of("correct horse battery staple"));

        assertThat(hasher.verify(Password.of("correct horse battery stapler"), hash)).isFalse();
    }

    @Test
    void whenPasswordTypedInAnotherUnicodeFormThenVerifies() {
        // "é" precomposed (U+00E9) and decomposed (e + U+0301) are the same password after NFKC.
        PasswordHash hash = hasher.hash(Password.of("caf\u00e9 au lait, bien s\u00fbr"));

        assertThat(hasher.verify(Password.of("cafe\u0301 au lait, bien su\u0302r"), hash)).isTrue();
    }

    @Test
    void whenSamePasswordHashedTwiceThenSaltsDiffer() {
        assertThat(hasher.hash(Password.of("same")).encoded()).isNotEqualTo(hasher.hash(Password.of("same")).encoded());
    }

    @Test
    void whenEncodedThenParsesBackToSameHashAndVerifies() {
        PasswordHash hash = hasher.hash(Password.of("round trip please"));

        PasswordHash parsed = PasswordHash.parse(hash.encoded());

        assertThat(parsed.encoded()).isEqualTo(hash.encoded()).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(hasher.verify(Password.of("round trip please"), parsed)).isTrue();
    }

    @Test
    void whenHashFromAnotherImplementationThenVerifies() {
        PasswordHash hash = new PasswordHasher(NativeArgon2id.load(), CHEAP, new SecureRandom()).hash(Password.of("x"));

        assertThat(hasher.verify(Password.of("x"), hash)).isTrue();
    }

    @Test
    void whenEmptyPasswordThenEveryImplementationRefusesIt() {
        PasswordHash hash = hasher.hash(Password.of("not empty"));
        var nativeHasher = new PasswordHasher(NativeArgon2id.load(), CHEAP, new SecureRandom());

        assertThat(hasher.verify(Password.of(""), hash)).isFalse();
        assertThat(nativeHasher.verify(Password.of(""), hash)).isFalse();
        assertThat(nativeHasher.verify(Password.of(""), hasher.hash(Password.of("")))).isTrue();
    }

    @Test
    void whenParametersChangedThenRehashNeeded() {
        PasswordHash old = hasher.hash(Password.of("p"));
        var stronger = new PasswordHasher(new BouncyCastleArgon2id(), new Argon2Parameters(128, 2, 1), new SecureRandom());

        assertThat(hasher.needsRehash(old)).isFalse();
        assertThat(stronger.needsRehash(old)).isTrue();
        assertThat(stronger.verify(Password.of("p"), old)).isTrue();
    }

    @Test
    void whenNotArgon2idPhcThenParseRefuses() {
        assertThatThrownBy(() -> PasswordHash.parse("$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.parse("$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenPrintedThenSecretsStayHidden() {
        PasswordHash hash = hasher.hash(Password.of("hunter2hunter2"));

        assertThat(Password.of("hunter2hunter2").toString()).doesNotContain("hunter2");
        assertThat(hash.toString()).doesNotContain(hash.encoded().substring(30));
        assertThat(SecretBytes.copyOf(new byte[] {42, 42}).toString()).doesNotContain("42");
    }

    @Test
    void whenSecretBytesComparedThenByContent() {
        assertThat(SecretBytes.copyOf(new byte[] {1, 2}).equalsSecret(SecretBytes.copyOf(new byte[] {1, 2}))).isTrue();
        assertThat(SecretBytes.copyOf(new byte[] {1, 2}).equalsSecret(SecretBytes.copyOf(new byte[] {1, 3}))).isFalse();
    }
}
