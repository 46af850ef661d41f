-- Second factors: authenticator apps (TOTP seeds sealed with AES-GCM; the last accepted time step, so that a code
-- is accepted once) and recovery codes (SHA-256 digests only). Each app's second-factor policy.

CREATE TABLE totp_factors (
    id            TEXT NOT NULL PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sealed_seed   BYTEA NOT NULL,
    algorithm     TEXT NOT NULL CHECK (algorithm IN ('SHA1', 'SHA256', 'SHA512')),
    digits        INTEGER NOT NULL,
    period_seconds INTEGER NOT NULL,
    created_at    BIGINT NOT NULL,
    confirmed_at  BIGINT,
    last_step     BIGINT
);
CREATE INDEX totp_factors_user ON totp_factors (user_id, created_at);

CREATE TABLE recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    digest     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at    BIGINT,
    PRIMARY KEY (user_id, digest)
);

ALTER TABLE apps ADD COLUMN second_factor TEXT NOT NULL DEFAULT 'OPTIONAL'
    CHECK (second_factor IN ('OFF', 'OPTIONAL', 'REQUIRED', 'SENSITIVE_SCOPES'));
ALTER TABLE apps ADD COLUMN second_factor_kinds TEXT NOT NULL DEFAULT 'RECOVERY_CODE TOTP';
ALTER TABLE apps ADD COLUMN sensitive_scopes TEXT NOT NULL DEFAULT '';
