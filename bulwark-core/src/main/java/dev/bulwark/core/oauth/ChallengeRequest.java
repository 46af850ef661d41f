package dev.bulwark.core.oauth;

import java.util.Map;
import java.util.Optional;

/**
 * A request to the authorization challenge endpoint (first-party apps draft §5.1): the client's credentials, the
 * standard parameters, and every other parameter by name, for the sign-in steps to read ({@code username},
 * {@code password}, {@code new_password}; later factors add theirs without changing this shape), and the DPoP proof
 * of the request, if it has one (an attestation bound to the app's DPoP key proves possession of the key with it).
 */
public record ChallengeRequest(ClientCredentials client, Optional<String> authSession, Optional<String> responseType,
                               Optional<String> scope, Optional<String> codeChallenge,
                               Optional<String> codeChallengeMethod, Map<String, String> parameters,
                               Optional<String> clientIp, Optional<String> dpopProof) {
    public ChallengeRequest {
        parameters = Map.copyOf(parameters);
    }

    Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name)).filter(value -> !value.isEmpty());
    }

    @Override
    public String toString() {
        return "ChallengeRequest[" + client + ", parameters " + parameters.keySet() + "]";
    }
}
