-- What a consent allows (referral group, exchange between the parties, follow-up contact,
-- employers), as codes joined by commas; empty for the consents recorded before it was asked.
ALTER TABLE consents ADD COLUMN scope TEXT NOT NULL DEFAULT '';
