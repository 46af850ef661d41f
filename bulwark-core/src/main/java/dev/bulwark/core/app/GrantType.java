package dev.bulwark.core.app;

import java.util.Arrays;
import java.util.Optional;

/** The OAuth grants an app may use at the token endpoint. */
public enum GrantType {
    AUTHORIZATION_CODE("authorization_code"),
    REFRESH_TOKEN("refresh_token"),
    CLIENT_CREDENTIALS("client_credentials");

    private final String value;

    GrantType(String value) {
        this.value = value;
    }

    /** The protocol name, such as {@code authorization_code}. */
    public String value() {
        return value;
    }

    public static Optional<GrantType> fromValue(String value) {
        return Arrays.stream(values()).filter(grant -> grant.value.equals(value)).findFirst();
    }
}
