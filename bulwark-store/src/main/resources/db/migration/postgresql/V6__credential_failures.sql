-- Brute-force protection: failed credential checks counted per account (or unknown login, by digest), client and
-- source address (by digest), shared by every node.

CREATE TABLE credential_failures (
    throttle_key    TEXT NOT NULL PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at BIGINT NOT NULL
);
CREATE INDEX credential_failures_age ON credential_failures (last_failure_at);
