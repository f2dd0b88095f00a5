-- Surveys: a förbund's own surveys (the national indicator survey is built into the code),
-- rounds with their answering link and single-use codes, and anonymous answers.

CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    title TEXT NOT NULL,
    questions TEXT NOT NULL,
    scale TEXT NOT NULL,
    top INTEGER NOT NULL CHECK (top >= 1),
    target_bp INTEGER NOT NULL CHECK (target_bp BETWEEN 1 AND 10000),
    asks_gender BOOLEAN NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE survey_rounds (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    survey_code TEXT NOT NULL,
    intervention_id INTEGER REFERENCES interventions(id),
    title TEXT NOT NULL,
    opens_on DATE NOT NULL,
    closes_on DATE NOT NULL,
    access TEXT NOT NULL CHECK (access IN ('codes', 'open')),
    token TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    CHECK (closes_on >= opens_on)
);
CREATE INDEX survey_rounds_org ON survey_rounds (org_id, opens_on);

-- Codes are not tied to answers: using one only marks it used.
CREATE TABLE survey_codes (
    round_id INTEGER NOT NULL REFERENCES survey_rounds(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    used BOOLEAN NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, code)
) WITHOUT ROWID;

-- An answer holds no participant, no address and no time but the month. Its id is random
-- and the table has no row order (WITHOUT ROWID), so not even the order of answers is kept.
CREATE TABLE survey_responses (
    id TEXT PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    round_id INTEGER NOT NULL REFERENCES survey_rounds(id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    gender TEXT CHECK (gender IN ('woman', 'man', 'other')),
    source TEXT NOT NULL CHECK (source IN ('web', 'paper', 'import')),
    answers TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX survey_responses_round ON survey_responses (round_id);
