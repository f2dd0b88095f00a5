-- Decisions taken by correspondence between meetings, until the next minutes record them.
CREATE TABLE per_capsulum (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    body TEXT NOT NULL CHECK (body IN ('board', 'preparatory-group', 'consultation')),
    decided_on DATE NOT NULL,
    -- The paragraph as the minutes will record it (JSON).
    paragraph TEXT NOT NULL,
    recorded_in BIGINT REFERENCES meetings(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX per_capsulum_org ON per_capsulum (org_id, decided_on);
