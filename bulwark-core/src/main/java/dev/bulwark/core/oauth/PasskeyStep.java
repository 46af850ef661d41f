package dev.bulwark.core.oauth;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.mfa.FactorKind;
import dev.bulwark.core.mfa.Passkeys;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in with a passkey, without a username: the app sends {@code passkey=request} and gets {@code passkey_options}
 * (PublicKeyCredentialRequestOptionsJSON, for Android Credential Manager's {@code GetPublicKeyCredentialOption} or
 * iOS {@code ASAuthorizationPlatformPublicKeyCredentialProvider}), then sends what the platform returned as
 * {@code passkey_response} (AuthenticationResponseJSON). Requests without a passkey leave this step to the others.
 */
public final class PasskeyStep implements ChallengeStep {
    private final Passkeys passkeys;
    private final Clock clock;

    public PasskeyStep(Passkeys passkeys, Clock clock) {
        this.passkeys = passkeys;
        this.clock = clock;
    }

    @Override
    public Progress apply(App client, AuthSession session, ChallengeRequest request) {
        boolean asked = request.parameter("passkey").map("request"::equals).orElse(false);
        Optional<String> response = request.parameter("passkey_response");
        if (session.userId().isPresent() || !asked && response.isEmpty()) {
            return Progress.to(session);
        }
        if (!client.definition().secondFactors().accepted().contains(FactorKind.PASSKEY)) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "This app does not accept passkeys.");
        }
        if (response.isEmpty()) {
            throw new DomainException(ErrorCode.INSUFFICIENT_AUTHORIZATION, "Get a passkey assertion with "
                    + "passkey_options and send it as passkey_response.")
                    .with(Map.of("passkey_options", passkeys.authenticationOptions(session.digest())));
        }
        Passkeys.SignedIn signedIn = passkeys.authenticate(session.digest(), response.get(), request.clientIp())
                .orElseThrow(() -> new DomainException(ErrorCode.ACCESS_DENIED, "The passkey did not verify, or the "
                        + "challenge expired; ask for new options.").with(Map.of(ChallengeService.FAILED_ATTEMPT,
                        true)));
        AuthSession passed = session;
        for (String method : signedIn.methods()) {
            passed = passed.authenticated(signedIn.passkey().userId(), clock.instant(), method, Set.of());
        }
        return Progress.to(passed);
    }
}
