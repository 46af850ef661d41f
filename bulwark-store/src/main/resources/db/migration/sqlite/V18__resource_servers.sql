-- A service may be a registered resource server (an API), known by its identifier: the audience its tokens name.
-- Only resource servers may introspect tokens (those meant for them) and read the revocation feed.

ALTER TABLE apps ADD COLUMN resource TEXT;
