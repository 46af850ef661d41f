-- Passkeys (WebAuthn credentials: public keys only) and the pending challenges of their ceremonies.

CREATE TABLE passkeys (
    credential_id            TEXT NOT NULL PRIMARY KEY,
    user_id                  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name                     TEXT NOT NULL,
    attested_credential_data BYTEA NOT NULL,
    sign_count               BIGINT NOT NULL,
    backup_eligible          BOOLEAN NOT NULL,
    backup_state             BOOLEAN NOT NULL,
    transports               TEXT NOT NULL,
    attestation_format       TEXT NOT NULL,
    created_at               BIGINT NOT NULL,
    last_used_at             BIGINT
);
CREATE INDEX passkeys_user ON passkeys (user_id, created_at);

CREATE TABLE passkey_challenges (
    challenge_key TEXT NOT NULL PRIMARY KEY,
    user_id       TEXT REFERENCES users (id) ON DELETE CASCADE,
    challenge     TEXT NOT NULL,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX passkey_challenges_expiry ON passkey_challenges (expires_at);
