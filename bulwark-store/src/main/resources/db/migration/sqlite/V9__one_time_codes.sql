-- Codes sent to users by email (SMS later), one per sign-in attempt or password reset, stored as an HMAC only.

CREATE TABLE one_time_codes (
    attempt    TEXT NOT NULL PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('SIGN_IN', 'PASSWORD_RESET')),
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mac        TEXT NOT NULL,
    sent_at    INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    sends      INTEGER NOT NULL,
    failures   INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX one_time_codes_expiry ON one_time_codes (expires_at);
