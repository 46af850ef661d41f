package dev.bulwark.core.oauth;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserRepository;
import dev.bulwark.core.mfa.DeviceKey;
import dev.bulwark.core.mfa.DeviceKeys;
import dev.bulwark.core.mfa.FactorKind;
import dev.bulwark.core.mfa.KeyProtection;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in with a biometric device key instead of a password: the app names its key ({@code device_key_id}), gets
 * a challenge ({@code device_key_challenge} in an {@code insufficient_authorization} answer), has the user unlock the
 * key with a biometric, and sends the signature ({@code device_key_signature}). Requests without a device key leave
 * this step to the password.
 */
public final class DeviceKeyStep implements ChallengeStep {
    private final DeviceKeys keys;
    private final UserRepository users;
    private final Clock clock;

    public DeviceKeyStep(DeviceKeys keys, UserRepository users, Clock clock) {
        this.keys = keys;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public Progress apply(App client, AuthSession session, ChallengeRequest request) {
        if (session.userId().isPresent() || request.parameter("device_key_id").isEmpty()) {
            return Progress.to(session);
        }
        if (!client.definition().secondFactors().accepted().contains(FactorKind.DEVICE_KEY)) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "This app does not accept device keys.");
        }
        Optional<DeviceKey> key = keys.find(request.parameter("device_key_id").get())
                .filter(k -> users.findById(k.userId()).map(User::isActive).orElse(false));
        if (key.isEmpty()) {
            throw new DomainException(ErrorCode.ACCESS_DENIED, "The device key is not recognised; sign in with the "
                    + "password and register it again.").with(Map.of(ChallengeService.FAILED_ATTEMPT, true));
        }
        Optional<String> signature = request.parameter("device_key_signature");
        if (signature.isEmpty()) {
            throw new DomainException(ErrorCode.INSUFFICIENT_AUTHORIZATION, "Sign device_key_challenge with the "
                    + "device key and send it as device_key_signature.")
                    .with(Map.of("device_key_challenge", keys.challenge(session.digest(), key.get())));
        }
        if (!keys.verify(key.get(), session.digest(), signature.get(), request.clientIp())) {
            throw new DomainException(ErrorCode.ACCESS_DENIED, "The signature does not verify, or the challenge "
                    + "expired; ask for a new one.").with(Map.of(ChallengeService.FAILED_ATTEMPT, true));
        }
        return Progress.to(session.authenticated(key.get().userId(), clock.instant(), method(key.get()), Set.of()));
    }

    /** What a device key proves, as an RFC 8176 method: hardware only where an attestation showed it. */
    static String method(DeviceKey key) {
        return key.protection() == KeyProtection.UNVERIFIED ? Assurance.SOFTWARE_KEY : Assurance.HARDWARE_KEY;
    }
}
