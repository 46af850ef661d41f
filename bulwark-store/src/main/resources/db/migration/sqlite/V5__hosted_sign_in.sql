-- The hosted sign-in: pending authorization requests (bound to a browser by a cookie digest) and the browser
-- sessions that give single sign-on. Both stored by digest only.

CREATE TABLE authorization_requests (
    digest              TEXT NOT NULL PRIMARY KEY,
    client_id           TEXT NOT NULL,
    redirect_uri        TEXT NOT NULL,
    scopes              TEXT NOT NULL,
    state               TEXT,
    nonce               TEXT,
    code_challenge      TEXT NOT NULL,
    force_login         INTEGER NOT NULL CHECK (force_login IN (0, 1)),
    browser_binding     TEXT NOT NULL,
    user_id             TEXT REFERENCES users (id) ON DELETE CASCADE,
    auth_time           INTEGER,
    password_change_due INTEGER NOT NULL CHECK (password_change_due IN (0, 1)),
    created_at          INTEGER NOT NULL,
    expires_at          INTEGER NOT NULL
);
CREATE INDEX authorization_requests_expiry ON authorization_requests (expires_at);

CREATE TABLE browser_sessions (
    digest     TEXT NOT NULL PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    auth_time  INTEGER NOT NULL,
    methods    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX browser_sessions_user ON browser_sessions (user_id);
CREATE INDEX browser_sessions_expiry ON browser_sessions (expires_at);
