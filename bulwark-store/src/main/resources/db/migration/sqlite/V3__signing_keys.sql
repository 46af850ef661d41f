-- Token-signing keys. The private JWK is sealed (AES-256-GCM under a key derived from the master key, bound to
-- the kid); the public JWK is what the JWKS publishes. One active and one next key per algorithm at most.

CREATE TABLE signing_keys (
    kid            TEXT NOT NULL PRIMARY KEY,
    algorithm      TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('NEXT', 'ACTIVE', 'RETIRED')),
    public_jwk     TEXT NOT NULL,
    sealed_private BLOB NOT NULL,
    created_at     INTEGER NOT NULL,
    activated_at   INTEGER,
    retired_at     INTEGER
);
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (algorithm) WHERE state = 'ACTIVE';
CREATE UNIQUE INDEX signing_keys_one_next ON signing_keys (algorithm) WHERE state = 'NEXT';
