-- Registered apps (OAuth clients). Lists are stored space-delimited: none of their items may contain a space
-- (redirect URIs, scope tokens, grant names, audiences). Durations are in seconds.

CREATE TABLE apps (
    client_id              TEXT    NOT NULL PRIMARY KEY,
    name                   TEXT    NOT NULL,
    type                   TEXT    NOT NULL CHECK (type IN ('NATIVE', 'SERVICE')),
    first_party            BOOLEAN NOT NULL,
    auth_method            TEXT    NOT NULL CHECK (auth_method IN ('NONE', 'CLIENT_SECRET', 'PRIVATE_KEY_JWT')),
    secret_digest          TEXT,
    jwks                   TEXT,
    redirect_uris          TEXT    NOT NULL,
    grants                 TEXT    NOT NULL,
    scopes                 TEXT    NOT NULL,
    audiences              TEXT    NOT NULL,
    access_token_seconds   BIGINT NOT NULL,
    refresh_leeway_seconds BIGINT NOT NULL,
    session_idle_seconds   BIGINT NOT NULL,
    session_max_seconds    BIGINT NOT NULL,
    created_at             BIGINT NOT NULL,
    updated_at             BIGINT NOT NULL
);
