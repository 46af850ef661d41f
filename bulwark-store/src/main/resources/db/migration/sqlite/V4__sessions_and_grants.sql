-- Devices, sessions, refresh tokens, authorization codes, first-party auth sessions, the revocation feed and the
-- replay cache. Tokens, codes and auth sessions are stored as SHA-256 digests only. Lists are space-delimited.
-- Sessions do not reference apps: deleting an app makes its sessions fail at once, through client authentication.

CREATE TABLE devices (
    id              TEXT NOT NULL PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    installation_id TEXT NOT NULL,
    name            TEXT,
    model           TEXT,
    os              TEXT,
    app_version     TEXT,
    first_seen      INTEGER NOT NULL,
    last_seen       INTEGER NOT NULL,
    last_ip         TEXT,
    CONSTRAINT devices_installation_unique UNIQUE (user_id, installation_id)
);

CREATE TABLE sessions (
    id                TEXT NOT NULL PRIMARY KEY,
    user_id           TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id         TEXT NOT NULL,
    device_id         TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    scopes            TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    last_active_at    INTEGER NOT NULL,
    auth_time         INTEGER NOT NULL,
    acr               TEXT NOT NULL,
    amr               TEXT NOT NULL,
    revoked_at        INTEGER,
    revocation_reason TEXT
);
CREATE INDEX sessions_user ON sessions (user_id, created_at);

CREATE TABLE refresh_tokens (
    digest        TEXT NOT NULL PRIMARY KEY,
    session_id    TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    client_id     TEXT NOT NULL,
    issued_at     INTEGER NOT NULL,
    superseded_at INTEGER
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE authorization_codes (
    digest         TEXT NOT NULL PRIMARY KEY,
    client_id      TEXT NOT NULL,
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    redirect_uri   TEXT,
    code_challenge TEXT NOT NULL,
    scopes         TEXT NOT NULL,
    nonce          TEXT,
    auth_time      INTEGER NOT NULL,
    acr            TEXT NOT NULL,
    amr            TEXT NOT NULL,
    expires_at     INTEGER NOT NULL,
    used_at        INTEGER,
    session_id     TEXT
);
CREATE INDEX authorization_codes_expiry ON authorization_codes (expires_at);

CREATE TABLE auth_sessions (
    digest         TEXT NOT NULL PRIMARY KEY,
    client_id      TEXT NOT NULL,
    scopes         TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    user_id        TEXT REFERENCES users (id) ON DELETE CASCADE,
    auth_time      INTEGER,
    methods        TEXT NOT NULL,
    pending        TEXT NOT NULL,
    failures       INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL
);
CREATE INDEX auth_sessions_expiry ON auth_sessions (expires_at);

CREATE TABLE revocations (
    sequence   INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL CHECK (kind IN ('SESSION', 'TOKEN')),
    subject_id TEXT NOT NULL,
    revoked_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX revocations_subject ON revocations (kind, subject_id);

CREATE TABLE replay_cache (
    cache_key  TEXT NOT NULL PRIMARY KEY,
    expires_at INTEGER NOT NULL
);
CREATE INDEX replay_cache_expiry ON replay_cache (expires_at);
