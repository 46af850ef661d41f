-- DPoP (RFC 9449): the thumbprint of the key a session's refresh tokens are bound to, when the app proved one.

ALTER TABLE sessions ADD COLUMN dpop_jkt TEXT;
