-- The samverkanskoordinator's half-year report per agreement (municipality), as JSON
-- answers (plans::coordinator::Answers); submitted once.
CREATE TABLE coordinator_reports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    year INTEGER NOT NULL,
    half INTEGER NOT NULL CHECK (half IN (1, 2)),
    answers TEXT NOT NULL,
    submitted_on DATE,
    updated_at BIGINT NOT NULL,
    UNIQUE (agreement_id, year, half)
);
CREATE INDEX coordinator_reports_org ON coordinator_reports (org_id, year, half);
