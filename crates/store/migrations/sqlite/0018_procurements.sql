-- The register of direct procurements: judged by the rules of each one's day when shown.
CREATE TABLE procurements (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    day DATE NOT NULL,
    what TEXT NOT NULL,
    -- Kronor, the whole contract without VAT.
    amount INTEGER NOT NULL CHECK (amount >= 0),
    asked INTEGER NOT NULL CHECK (asked >= 0),
    advertised BOOLEAN NOT NULL,
    documented BOOLEAN NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX procurements_org ON procurements (org_id, day);
