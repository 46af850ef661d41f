package dev.bulwark.core.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectUriTest {

    @Test
    void whenKindsOfRfc8252ThenClassified() {
        assertThat(RedirectUri.of("com.example.app:/oauth2redirect").kind()).isEqualTo(RedirectUri.Kind.PRIVATE_USE_SCHEME);
        assertThat(RedirectUri.of("https://app.example.com/cb").kind()).isEqualTo(RedirectUri.Kind.CLAIMED_HTTPS);
        assertThat(RedirectUri.of("http://127.0.0.1/cb").kind()).isEqualTo(RedirectUri.Kind.LOOPBACK);
        assertThat(RedirectUri.of("http://[::1]:8400/cb").kind()).isEqualTo(RedirectUri.Kind.LOOPBACK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost/cb", "http://app.example.com/cb", "myapp:/cb", "https://app.example.com/cb#x",
            "/relative", "javascript:alert(1)", "https://user@app.example.com/cb", "not a uri"})
    void whenNotAllowedByRfc8252ThenRefused(String uri) {
        assertThatThrownBy(() -> RedirectUri.of(uri)).isInstanceOf(DomainException.class);
    }

    @Test
    void whenNotLoopbackThenOnlyExactMatch() {
        RedirectUri uri = RedirectUri.of("https://app.example.com/cb");

        assertThat(uri.matches("https://app.example.com/cb")).isTrue();
        assertThat(uri.matches("https://app.example.com/cb/")).isFalse();
        assertThat(uri.matches("https://APP.example.com/cb")).isFalse();
        assertThat(uri.matches("https://app.example.com/cb?x=1")).isFalse();
        assertThat(uri.matches("https://app.example.com:443/cb")).isFalse();
        assertThat(RedirectUri.of("com.example.app:/cb").matches("com.example.app:/cb2")).isFalse();
    }

    @Test
    void whenLoopbackThenAnyPortButNothingElseMatches() {
        RedirectUri uri = RedirectUri.of("http://127.0.0.1/cb");

        assertThat(uri.matches("http://127.0.0.1:51004/cb")).isTrue();
        assertThat(uri.matches("http://127.0.0.1/cb")).isTrue();
        assertThat(uri.matches("http://127.0.0.1:51004/other")).isFalse();
        assertThat(uri.matches("http://localhost:51004/cb")).isFalse();
        assertThat(uri.matches("https://127.0.0.1:51004/cb")).isFalse();
        assertThat(uri.matches("http://evil@127.0.0.1:51004/cb")).isFalse();
        assertThat(uri.matches("http://127.0.0.1:51004/cb#frag")).isFalse();
        assertThat(RedirectUri.of("http://[::1]/cb").matches("http://[::1]:4000/cb")).isTrue();
    }
}
