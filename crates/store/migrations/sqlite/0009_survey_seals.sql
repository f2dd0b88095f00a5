-- Survey answers and codes, unreadable and unlinkable from the database files alone.
-- A code's row holds the keyed hash of the code (the key is the identity key, never in the
-- database) and the code sealed for printing; using it flips `used` in its own transaction,
-- apart from the answer's. An answer is one sealed value: its month, gender, source and
-- steps, which no one holding only the files can read, in whatever order they were written.
ALTER TABLE survey_codes ADD COLUMN sealed TEXT;

CREATE TABLE survey_answers (
    id TEXT PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    round_id INTEGER NOT NULL REFERENCES survey_rounds(id) ON DELETE CASCADE,
    sealed TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX survey_answers_round ON survey_answers (round_id);
