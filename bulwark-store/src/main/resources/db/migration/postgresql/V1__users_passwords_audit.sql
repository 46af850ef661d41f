-- Users, their password credentials and history, and the sealed audit chain (PostgreSQL).
-- Times are milliseconds since the epoch (UTC). Ids are canonical UUID text.

CREATE TABLE users (
    id           TEXT    NOT NULL PRIMARY KEY,
    username     TEXT    NOT NULL,
    username_key TEXT    NOT NULL,
    email        TEXT,
    email_key    TEXT,
    phone        TEXT,
    status       TEXT    NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED')),
    roles        TEXT    NOT NULL DEFAULT '',
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    CONSTRAINT users_username_key_unique UNIQUE (username_key),
    CONSTRAINT users_email_key_unique UNIQUE (email_key)
);

CREATE TABLE password_credentials (
    user_id     TEXT    NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    hash        TEXT    NOT NULL,
    changed_at  BIGINT  NOT NULL,
    must_change BOOLEAN NOT NULL
);

CREATE TABLE password_history (
    id      BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hash    TEXT    NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, id);

-- Append-only; each row's MAC covers its fields and the previous row's MAC (see AuditChain).
CREATE TABLE audit_events (
    sequence     BIGINT  NOT NULL PRIMARY KEY,
    occurred_at  BIGINT  NOT NULL,
    type         TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    details      TEXT    NOT NULL,
    previous_mac TEXT    NOT NULL,
    mac          TEXT    NOT NULL
);
CREATE INDEX audit_events_subject ON audit_events (subject);
