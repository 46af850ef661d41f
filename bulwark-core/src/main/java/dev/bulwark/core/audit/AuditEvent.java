package dev.bulwark.core.audit;

import dev.bulwark.core.identity.UserId;
import java.util.Map;
import java.util.Optional;

/**
 * A security event. Redaction is structural: each event is a record whose components are only
 * identifiers, enums, times and other values that cannot hold a secret; no event has a free-text or
 * byte-array component (a test enforces this over every permitted type). So no password, code, token or
 * key can reach the audit trail, whatever a caller passes.
 */
public sealed interface AuditEvent permits AuditEvents.UserCreated, AuditEvents.UserDisabled,
        AuditEvents.UserEnabled, AuditEvents.UserDeleted, AuditEvents.PasswordChanged,
        AuditEvents.PasswordRehashed, AuditEvents.CredentialVerified, AuditEvents.CredentialFailed,
        AuditEvents.ConfigurationLoaded, AuditEvents.AppCreated, AuditEvents.AppUpdated, AuditEvents.AppDeleted,
        AuditEvents.AppSecretRotated, AuditEvents.SigningKeyRotated, AuditEvents.ClientAuthenticationFailed,
        AuditEvents.SessionStarted, AuditEvents.SessionRevoked, AuditEvents.RefreshTokenReused,
        AuditEvents.CredentialsLocked, AuditEvents.CredentialsUnlocked, AuditEvents.FactorEnrolled,
        AuditEvents.FactorRemoved, AuditEvents.PasskeyCounterRegressed, AuditEvents.DpopBindingRefused,
        AuditEvents.DeviceAttested, AuditEvents.DeviceRefused, AuditEvents.ConsentGranted,
        AuditEvents.ConsentRevoked {

    /** Dotted event type, such as {@code user.created}. */
    String type();

    /** The user the event is about, when there is one. */
    Optional<UserId> subject();

    /** Further facts as text, derived from the components. */
    Map<String, String> details();
}
