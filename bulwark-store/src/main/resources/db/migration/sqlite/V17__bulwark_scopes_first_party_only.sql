-- Bulwark's own APIs (bulwark:account, bulwark:admin) are for first-party apps only: a third-party app's token must
-- never manage the user's account. Earlier, native apps were registered with bulwark:account by default, first-party
-- or not; those third-party apps lose it here (docs/tokens.md, "Migration").

UPDATE apps SET scopes = TRIM(REPLACE(REPLACE(' ' || scopes || ' ', ' bulwark:account ', ' '), ' bulwark:admin ', ' '))
WHERE first_party = 0;
