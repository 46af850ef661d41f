-- Passkeys (WebAuthn credentials: public keys only) and the pending challenges of their ceremonies.

CREATE TABLE passkeys (
    credential_id            TEXT NOT NULL PRIMARY KEY,
    user_id                  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name                     TEXT NOT NULL,
    attested_credential_data BLOB NOT NULL,
    sign_count               INTEGER NOT NULL,
    backup_eligible          INTEGER NOT NULL CHECK (backup_eligible IN (0, 1)),
    backup_state             INTEGER NOT NULL CHECK (backup_state IN (0, 1)),
    transports               TEXT NOT NULL,
    attestation_format       TEXT NOT NULL,
    created_at               INTEGER NOT NULL,
    last_used_at             INTEGER
);
CREATE INDEX passkeys_user ON passkeys (user_id, created_at);

CREATE TABLE passkey_challenges (
    challenge_key TEXT NOT NULL PRIMARY KEY,
    user_id       TEXT REFERENCES users (id) ON DELETE CASCADE,
    challenge     TEXT NOT NULL,
    expires_at    INTEGER NOT NULL
);
CREATE INDEX passkey_challenges_expiry ON passkey_challenges (expires_at);
