-- Administration comes only from an app marked for it (first-party, short sessions, two-factor sign-ins). No app is
-- marked yet, so bulwark:admin leaves every app's scopes: an operator registers an app for administration
-- (docs/tokens.md, "Migration").

ALTER TABLE apps ADD COLUMN administration INTEGER NOT NULL DEFAULT 0 CHECK (administration IN (0, 1));
UPDATE apps SET scopes = TRIM(REPLACE(' ' || scopes || ' ', ' bulwark:admin ', ' '));
