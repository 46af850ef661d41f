package dev.bulwark.core.app;

import java.util.Arrays;
import java.util.Optional;

/** How an app proves who it is at the token endpoint (RFC 6749 §2.3, RFC 7523). */
public enum ClientAuthMethod {
    /** A public client: it only names itself; PKCE and sender constraints protect its tokens. */
    NONE("none"),
    /** A generated secret, sent with HTTP Basic or in the form. */
    CLIENT_SECRET("client_secret_basic"),
    /** A JWT signed with a key whose public half the app registered (RFC 7523 §2.2). */
    PRIVATE_KEY_JWT("private_key_jwt");

    private final String value;

    ClientAuthMethod(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** Accepts the protocol name, or {@code client_secret} for {@link #CLIENT_SECRET}. */
    public static Optional<ClientAuthMethod> fromValue(String value) {
        if ("client_secret".equals(value)) {
            return Optional.of(CLIENT_SECRET);
        }
        return Arrays.stream(values()).filter(method -> method.value.equals(value)).findFirst();
    }
}
