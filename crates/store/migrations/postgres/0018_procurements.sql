-- The register of direct procurements: judged by the rules of each one's day when shown.
CREATE TABLE procurements (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    day DATE NOT NULL,
    what TEXT NOT NULL,
    -- Kronor, the whole contract without VAT.
    amount BIGINT NOT NULL CHECK (amount >= 0),
    asked INTEGER NOT NULL CHECK (asked >= 0),
    advertised BOOLEAN NOT NULL,
    documented BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX procurements_org ON procurements (org_id, day);
