-- Biometric device keys (public keys only) and the challenges they sign, one per sign-in attempt.

CREATE TABLE device_keys (
    id           TEXT NOT NULL PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id    TEXT,
    name         TEXT NOT NULL,
    public_jwk   TEXT NOT NULL,
    protection   TEXT NOT NULL CHECK (protection IN ('UNVERIFIED', 'HARDWARE', 'STRONGBOX')),
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX device_keys_user ON device_keys (user_id, created_at);

CREATE TABLE device_key_challenges (
    attempt    TEXT NOT NULL PRIMARY KEY,
    key_id     TEXT NOT NULL REFERENCES device_keys (id) ON DELETE CASCADE,
    challenge  TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX device_key_challenges_expiry ON device_key_challenges (expires_at);
