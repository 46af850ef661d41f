-- Each failure counter says when it may be forgotten: an address's after its window, an account's consecutive
-- count only after a year without failures (NIST SP 800-63B counts consecutive failures, not failures per window).

ALTER TABLE credential_failures ADD COLUMN forget_at INTEGER NOT NULL DEFAULT 0;
UPDATE credential_failures SET forget_at = last_failure_at + 31536000000;
DROP INDEX credential_failures_age;
CREATE INDEX credential_failures_forget ON credential_failures (forget_at);
