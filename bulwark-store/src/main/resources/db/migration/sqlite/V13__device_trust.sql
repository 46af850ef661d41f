-- Device trust: each app's device policy (its text form), the key an auth session attested, and the verdicts of
-- attested keys, by the JWK thumbprint their DPoP proofs carry.

ALTER TABLE apps ADD COLUMN device_policy TEXT NOT NULL DEFAULT 'integrity=none';
ALTER TABLE auth_sessions ADD COLUMN attested_key TEXT;

CREATE TABLE device_attestations (
    key_thumbprint       TEXT NOT NULL PRIMARY KEY,
    client_id            TEXT NOT NULL REFERENCES apps (client_id) ON DELETE CASCADE,
    evidence             TEXT NOT NULL,
    key_protection       TEXT NOT NULL CHECK (key_protection IN ('UNVERIFIED', 'HARDWARE', 'STRONGBOX')),
    verified_boot        TEXT CHECK (verified_boot IN ('VERIFIED', 'SELF_SIGNED', 'UNVERIFIED', 'FAILED')),
    bootloader_locked    INTEGER CHECK (bootloader_locked IN (0, 1)),
    emulator             INTEGER NOT NULL CHECK (emulator IN (0, 1)),
    os_patch_level       INTEGER,
    app_packages         TEXT NOT NULL,
    signing_certificates TEXT NOT NULL,
    user_auth_bound      INTEGER NOT NULL CHECK (user_auth_bound IN (0, 1)),
    attested_at          INTEGER NOT NULL
);
