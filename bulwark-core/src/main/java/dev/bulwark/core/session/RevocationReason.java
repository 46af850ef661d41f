package dev.bulwark.core.session;

/** Why a session ended before its time. */
public enum RevocationReason {
    /** The user signed out, of this device or remotely. */
    SIGNED_OUT,
    /** The user changed their password, which ends their other sessions. */
    PASSWORD_CHANGED,
    /** An administrator ended it. */
    ADMINISTRATOR,
    /** The user was disabled or deleted. */
    USER_DISABLED,
    /** A superseded refresh token came back: the family may have been stolen (RFC 9700 §4.14.2). */
    REFRESH_TOKEN_REUSED,
    /** An authorization code was used twice: what was issued from it is revoked (RFC 9700 §4.5). */
    CODE_REUSED,
    /** The client revoked its token (RFC 7009). */
    TOKEN_REVOKED,
    /** The app was deleted. */
    APP_DELETED,
    /** The device no longer meets the app's device policy (it changed, or the policy tightened). */
    DEVICE_NOT_TRUSTED,
    /** The user withdrew their consent to the app. */
    CONSENT_REVOKED
}
