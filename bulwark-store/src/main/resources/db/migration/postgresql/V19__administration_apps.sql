-- Administration comes only from an app marked for it (first-party, short sessions, two-factor sign-ins). No app is
-- marked yet, so bulwark:admin leaves every app's scopes: an operator registers an app for administration
-- (docs/tokens.md, "Migration").

ALTER TABLE apps ADD COLUMN administration BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE apps SET scopes = TRIM(REPLACE(' ' || scopes || ' ', ' bulwark:admin ', ' '));
