package dev.bulwark.core.audit;

import dev.bulwark.core.app.AppType;
import dev.bulwark.core.app.ClientAuthMethod;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.crypto.Argon2Parameters;
import dev.bulwark.core.device.DeviceIntegrity;
import dev.bulwark.core.device.DeviceReason;
import dev.bulwark.core.identity.Role;
import dev.bulwark.core.mfa.FactorKind;
import dev.bulwark.core.mfa.KeyProtection;
import dev.bulwark.core.oauth.DeviceTrust;
import dev.bulwark.core.token.SigningAlgorithm;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.protection.ThrottleKey;
import dev.bulwark.core.session.DeviceId;
import dev.bulwark.core.session.RevocationReason;
import dev.bulwark.core.session.SessionId;
import dev.bulwark.core.identity.Username;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The audit event types. Components are restricted to values that cannot carry secrets (see {@link AuditEvent}). */
public final class AuditEvents {
    private AuditEvents() {
    }

    /** Which kind of credential a check was about. */
    public enum CredentialKind {
        PASSWORD, TOTP, RECOVERY_CODE, EMAIL_CODE, SMS_CODE, DEVICE_KEY, PASSKEY
    }

    /** Why a credential check failed. Recorded for operators; callers only ever see a uniform refusal. */
    public enum FailureReason {
        WRONG_SECRET, UNKNOWN_ACCOUNT, ACCOUNT_DISABLED, NO_CREDENTIAL,
        /** Refused unchecked: too many recent failures (brute-force protection). */
        LOCKED,
        /** A one-time code that was right but had been used already (RFC 6238 §5.2). */
        REPLAYED
    }

    /** How a password came to change. */
    public enum PasswordChangeReason {
        SET_BY_OPERATOR, CHANGED_BY_USER, BOOTSTRAP,
        /** Reset with a code sent to the user's email address (account recovery). */
        RESET_BY_USER
    }

    public record UserCreated(UserId user, Username username, Set<Role> roles) implements AuditEvent {
        public UserCreated {
            Objects.requireNonNull(user);
            Objects.requireNonNull(username);
            roles = Set.copyOf(roles);
        }

        public String type() {
            return "user.created";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of("username", username.value(), "roles", names(roles));
        }
    }

    public record UserDisabled(UserId user) implements AuditEvent {
        public String type() {
            return "user.disabled";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of();
        }
    }

    public record UserEnabled(UserId user) implements AuditEvent {
        public String type() {
            return "user.enabled";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of();
        }
    }

    public record UserDeleted(UserId user, Username username) implements AuditEvent {
        public String type() {
            return "user.deleted";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of("username", username.value());
        }
    }

    public record PasswordChanged(UserId user, PasswordChangeReason reason, boolean mustChange) implements AuditEvent {
        public String type() {
            return "password.changed";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of("reason", name(reason), "must_change", Boolean.toString(mustChange));
        }
    }

    /** The stored hash was upgraded to the configured Argon2id parameters at a successful sign-in. */
    public record PasswordRehashed(UserId user, Argon2Parameters from, Argon2Parameters to) implements AuditEvent {
        public String type() {
            return "password.rehashed";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of("from", from.toString(), "to", to.toString());
        }
    }

    public record CredentialVerified(UserId user, CredentialKind kind) implements AuditEvent {
        public String type() {
            return "credential.verified";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of("credential", name(kind));
        }
    }

    /**
     * A credential check failed. The attempted username is deliberately not recorded when no account
     * matches: people type passwords into username fields.
     */
    public record CredentialFailed(Optional<UserId> user, CredentialKind kind, FailureReason reason)
            implements AuditEvent {
        public String type() {
            return "credential.failed";
        }

        public Optional<UserId> subject() {
            return user;
        }

        public Map<String, String> details() {
            return Map.of("credential", name(kind), "reason", name(reason));
        }
    }

    /**
     * Bulwark started with a configuration.
     *
     * @param file       the configuration file, when one was read
     * @param production whether production mode is on
     * @param overridden the settings given a value other than their default, by name only
     */
    public record ConfigurationLoaded(Optional<Path> file, boolean production, Set<SettingName> overridden)
            implements AuditEvent {
        public ConfigurationLoaded {
            Objects.requireNonNull(file);
            overridden = Set.copyOf(overridden);
        }

        public String type() {
            return "configuration.loaded";
        }

        public Optional<UserId> subject() {
            return Optional.empty();
        }

        public Map<String, String> details() {
            Map<String, String> details = new LinkedHashMap<>();
            file.ifPresent(path -> details.put("file", path.toString()));
            details.put("mode", production ? "production" : "development");
            details.put("overridden", String.join(",",
                    new TreeSet<>(overridden.stream().map(SettingName::value).toList())));
            return details;
        }
    }

    /** An app (OAuth client) was registered. */
    public record AppCreated(ClientId clientId, AppType appType) implements AuditEvent {
        public String type() {
            return "app.created";
        }

        public Optional<UserId> subject() {
            return Optional.empty();
        }

        public Map<String, String> details() {
            return Map.of("client_id", clientId.value(), "app_type", name(appType));
        }
    }

    public record AppUpdated(ClientId clientId) implements AuditEvent {
        public String type() {
            return "app.updated";
        }

        public Optional<UserId> subject() {
            return Optional.empty();
        }

        public Map<String, String> details() {
            return Map.of("client_id", clientId.value());
        }
    }

    public record AppDeleted(ClientId clientId) implements AuditEvent {
        public String type() {
            return "app.deleted";
        }

        public Optional<UserId> subject() {
            return Optional.empty();
        }

        public Map<String, String> details() {
            return Map.of("client_id", clientId.value());
        }
    }

    /** The app's client secret was replaced; the old one stopped working at once. */
    public record AppSecretRotated(ClientId clientId) implements AuditEvent {
        public String type() {
            return "app.secret_rotated";
        }

        public Optional<UserId> subject() {
            return Optional.empty();
        }

        public Map<String, String> details() {
            return Map.of("client_id", clientId.value());
        }
    }

    /** A signing key started to sign, and the one before it retired. Key ids are public. */
    public record SigningKeyRotated(SigningAlgorithm algorithm, KeyId activated, Optional<KeyId> retired)
            implements AuditEvent {

        /** A JWK key id: a base64url thumbprint, public by nature. */
        public record KeyId(String value) {
            public KeyId {
                if (!value.matches("[A-Za-z0-9_\\-]{8,128}")) {
                    throw new IllegalArgumentException("not a key id");
                }
            }
        }

        public String type() {
            return "signing_key.rotated";
        }

        public Optional<UserId> subject() {
            return Optional.empty();
        }

        public Map<String, String> details() {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("algorithm", algorithm.joseName());
            details.put("activated", activated.value());
            retired.ifPresent(kid -> details.put("retired", kid.value()));
            return details;
        }
    }

    /** An app failed to authenticate at a protocol endpoint. Known apps are named; unknown ones are not. */
    public record ClientAuthenticationFailed(Optional<ClientId> clientId, ClientAuthMethod method) implements AuditEvent {
        public String type() {
            return "client.authentication_failed";
        }

        public Optional<UserId> subject() {
            return Optional.empty();
        }

        public Map<String, String> details() {
            Map<String, String> details = new LinkedHashMap<>();
            clientId.ifPresent(id -> details.put("client_id", id.value()));
            details.put("method", method.value());
            return details;
        }
    }

    /** A user signed in to an app on a device: a session began. */
    public record SessionStarted(UserId user, SessionId session, ClientId clientId, DeviceId device) implements AuditEvent {
        public String type() {
            return "session.started";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of("session", session.value(), "client_id", clientId.value(), "device", device.value());
        }
    }

    public record SessionRevoked(UserId user, SessionId session, RevocationReason reason) implements AuditEvent {
        public String type() {
            return "session.revoked";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of("session", session.value(), "reason", name(reason));
        }
    }

    /**
     * A superseded refresh token came back after its retry leeway: someone may hold a stolen copy. The session
     * ends (RFC 9700 §4.14.2).
     */
    public record RefreshTokenReused(UserId user, SessionId session, ClientId clientId) implements AuditEvent {
        public String type() {
            return "refresh_token.reused";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of("session", session.value(), "client_id", clientId.value());
        }
    }

    /**
     * Too many failures: an account (or a login that names none) or a source address is locked for a while.
     * Addresses and unknown logins are not recorded.
     */
    public record CredentialsLocked(ThrottleKey.Kind kind, Optional<UserId> user) implements AuditEvent {
        public String type() {
            return "credentials.locked";
        }

        public Optional<UserId> subject() {
            return user;
        }

        public Map<String, String> details() {
            return Map.of("kind", name(kind));
        }
    }

    /** An administrator lifted a user's brute-force lock. */
    public record CredentialsUnlocked(UserId user) implements AuditEvent {
        public String type() {
            return "credentials.unlocked";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of();
        }
    }

    /** A user allowed a third-party app the scopes it asked for (remembered, so not asked again). */
    public record ConsentGranted(UserId user, ClientId clientId) implements AuditEvent {
        public String type() {
            return "consent.granted";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of("client_id", clientId.value());
        }
    }

    /** A user withdrew their consent to a third-party app; its sessions of theirs ended with it. */
    public record ConsentRevoked(UserId user, ClientId clientId) implements AuditEvent {
        public String type() {
            return "consent.revoked";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of("client_id", clientId.value());
        }
    }

    /** A user enrolled a second factor (for recovery codes: a new set, which voids the old one). */
    public record FactorEnrolled(UserId user, FactorKind kind) implements AuditEvent {
        public String type() {
            return "factor.enrolled";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of("factor", name(kind));
        }
    }

    /** A user's second factor was removed. */
    public record FactorRemoved(UserId user, FactorKind kind) implements AuditEvent {
        public String type() {
            return "factor.removed";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of("factor", name(kind));
        }
    }

    /**
     * A passkey signed with a signature counter that did not grow, and the policy accepted it: a signal (not proof)
     * that the authenticator was cloned (WebAuthn §6.1.1).
     */
    public record PasskeyCounterRegressed(UserId user) implements AuditEvent {
        public String type() {
            return "passkey.counter_regressed";
        }

        public Optional<UserId> subject() {
            return Optional.of(user);
        }

        public Map<String, String> details() {
            return Map.of();
        }
    }

    /**
     * A token bound to a DPoP key was presented without a proof by that key (RFC 9449): refused. A stolen refresh or
     * access token used off the phone it was issued to shows up here.
     */
    public record DpopBindingRefused(Optional<UserId> user, ClientId clientId) implements AuditEvent {
        public String type() {
            return "dpop.binding_refused";
        }

        public Optional<UserId> subject() {
            return user;
        }

        public Map<String, String> details() {
            return Map.of("client_id", clientId.value());
        }
    }

    /** A device attested a key for an app: the verdict's headline facts. */
    public record DeviceAttested(ClientId clientId, DeviceIntegrity.Evidence evidence,
                                 KeyProtection keyProtection, boolean bootloaderLocked,
                                 boolean emulator) implements AuditEvent {
        public String type() {
            return "device.attested";
        }

        public Optional<UserId> subject() {
            return Optional.empty();
        }

        public Map<String, String> details() {
            return Map.of("client_id", clientId.value(), "evidence", name(evidence),
                    "key_protection", name(keyProtection), "bootloader_locked", Boolean.toString(bootloaderLocked),
                    "emulator", Boolean.toString(emulator));
        }
    }

    /** A device fell short of its app's device policy at sign-in, code exchange or refresh, and was refused. */
    public record DeviceRefused(Optional<UserId> user, ClientId clientId, DeviceTrust.Stage stage,
                                List<DeviceReason> reasons) implements AuditEvent {
        public DeviceRefused {
            reasons = List.copyOf(reasons);
        }

        public String type() {
            return "device.refused";
        }

        public Optional<UserId> subject() {
            return user;
        }

        public Map<String, String> details() {
            return Map.of("client_id", clientId.value(), "stage", name(stage), "reasons",
                    String.join(" ", reasons.stream().map(DeviceReason::code).toList()));
        }
    }

    /** The name of a configuration setting, such as {@code server.port}: never its value. */
    public record SettingName(String value) {
        public SettingName {
            for (String part : value.split("\\.", -1)) {
                if (!part.matches("[a-z][A-Za-z0-9]{0,63}")) {
                    throw new IllegalArgumentException("not a setting name");
                }
            }
        }
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static String names(Set<? extends Enum<?>> values) {
        return String.join(",", new TreeSet<>(values.stream().map(AuditEvents::name).toList()));
    }
}
