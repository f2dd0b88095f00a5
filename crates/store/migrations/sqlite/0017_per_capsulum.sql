-- Decisions taken by correspondence between meetings, until the next minutes record them.
CREATE TABLE per_capsulum (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    body TEXT NOT NULL CHECK (body IN ('board', 'preparatory-group', 'consultation')),
    decided_on DATE NOT NULL,
    -- The paragraph as the minutes will record it (JSON).
    paragraph TEXT NOT NULL,
    recorded_in INTEGER REFERENCES meetings(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX per_capsulum_org ON per_capsulum (org_id, decided_on);
