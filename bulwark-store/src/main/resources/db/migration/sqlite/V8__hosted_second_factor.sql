-- The hosted pages ask for second factors: a pending authorization request remembers whether the app asked for two
-- factors (acr_values), whether one is due, and the methods passed so far.

ALTER TABLE authorization_requests ADD COLUMN two_factors_asked INTEGER NOT NULL DEFAULT 0
    CHECK (two_factors_asked IN (0, 1));
ALTER TABLE authorization_requests ADD COLUMN second_factor_due INTEGER NOT NULL DEFAULT 0
    CHECK (second_factor_due IN (0, 1));
ALTER TABLE authorization_requests ADD COLUMN methods TEXT NOT NULL DEFAULT '';
