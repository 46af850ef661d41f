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
    force_login         BOOLEAN NOT NULL,
    browser_binding     TEXT NOT NULL,
    user_id             TEXT REFERENCES users (id) ON DELETE CASCADE,
    auth_time           BIGINT,
    password_change_due BOOLEAN NOT NULL,
    created_at          BIGINT NOT NULL,
    expires_at          BIGINT NOT NULL
);
CREATE INDEX authorization_requests_expiry ON authorization_requests (expires_at);

CREATE TABLE browser_sessions (
    digest     TEXT NOT NULL PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    auth_time  BIGINT NOT NULL,
    methods    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX browser_sessions_user ON browser_sessions (user_id);
CREATE INDEX browser_sessions_expiry ON browser_sessions (expires_at);
