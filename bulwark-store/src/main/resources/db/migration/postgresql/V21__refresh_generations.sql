-- Refresh tokens name their session and generation under a MAC and are no longer stored: a session keeps the
-- generation of its current token and when that was issued, and a refresh moves the generation on rather than adding
-- a row. Of refresh_tokens only each session's current token stays, as generation 0 of the new count, so that apps
-- keep their sign-ins across the upgrade; the superseded ones (a row for every refresh ever made) go. The indexes are
-- the ones the sweep of ended sessions needs.

ALTER TABLE sessions ADD COLUMN refresh_generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN refreshed_at BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET refreshed_at = COALESCE((SELECT MAX(r.issued_at) FROM refresh_tokens r
    WHERE r.session_id = sessions.id AND r.superseded_at IS NULL), created_at);
DELETE FROM refresh_tokens WHERE superseded_at IS NOT NULL;
CREATE INDEX sessions_client_activity ON sessions (client_id, last_active_at);
CREATE INDEX sessions_revoked ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
