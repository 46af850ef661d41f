package dev.bulwark.core.oauth;

import dev.bulwark.core.app.ClientId;
import java.util.Optional;

/** How a client identified itself on a request, as the HTTP layer found it. Secrets never print. */
public sealed interface ClientCredentials {

    /** The client the credentials name, if they name one before they are checked. */
    default Optional<ClientId> claimedClient() {
        return switch (this) {
            case Public p -> Optional.of(p.clientId());
            case Secret s -> Optional.of(s.clientId());
            case Assertion a -> a.clientId();
        };
    }

    /** A public client naming itself. */
    record Public(ClientId clientId) implements ClientCredentials {
    }

    /** A client secret, from HTTP Basic or the form (RFC 6749 §2.3.1). */
    record Secret(ClientId clientId, String secret, boolean viaBasic) implements ClientCredentials {
        @Override
        public String toString() {
            return "Secret[" + clientId + ", redacted]";
        }
    }

    /** A signed client assertion, private_key_jwt (RFC 7523 §2.2). */
    record Assertion(Optional<ClientId> clientId, String assertion) implements ClientCredentials {
        @Override
        public String toString() {
            return "Assertion[" + clientId.map(Object::toString).orElse("?") + ", redacted]";
        }
    }
}
