-- Users' consents to third-party apps (the scopes allowed, remembered per user and app), and what a pending
-- hosted sign-in still needs the user to confirm before the code: nothing, "continue as", or consent.

CREATE TABLE consents (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id  TEXT NOT NULL REFERENCES apps (client_id) ON DELETE CASCADE,
    scopes     TEXT NOT NULL,
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, client_id)
);

ALTER TABLE authorization_requests ADD COLUMN confirmation TEXT NOT NULL DEFAULT 'NONE'
    CHECK (confirmation IN ('NONE', 'CONTINUE', 'CONSENT'));
