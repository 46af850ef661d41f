-- Sessions by the key they are bound to, so that attestations no live session uses can be found and forgotten.

CREATE INDEX sessions_dpop_jkt ON sessions (dpop_jkt);
