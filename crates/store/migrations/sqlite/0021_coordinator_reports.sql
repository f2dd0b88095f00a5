-- The samverkanskoordinator's half-year report per agreement (municipality), as JSON
-- answers (plans::coordinator::Answers); submitted once.
CREATE TABLE coordinator_reports (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    agreement_id INTEGER NOT NULL REFERENCES agreements(id),
    year INTEGER NOT NULL,
    half INTEGER NOT NULL CHECK (half IN (1, 2)),
    answers TEXT NOT NULL,
    submitted_on DATE,
    updated_at INTEGER NOT NULL,
    UNIQUE (agreement_id, year, half)
);
CREATE INDEX coordinator_reports_org ON coordinator_reports (org_id, year, half);
