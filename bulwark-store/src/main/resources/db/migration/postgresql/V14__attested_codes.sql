-- The key a first-party sign-in attested, which the code's exchange must prove with its DPoP proof, so that a code
-- is redeemed only by the device that attested in that very sign-in.

ALTER TABLE authorization_codes ADD COLUMN attested_key TEXT;
