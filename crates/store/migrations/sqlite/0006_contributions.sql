-- Members' contributions: the year's total and the key it is split by, and the instalments
-- each member is invoiced, with their due and paid dates.
CREATE TABLE contribution_years (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year INTEGER NOT NULL,
    total_ore INTEGER NOT NULL CHECK (total_ore >= 0),
    PRIMARY KEY (org_id, year)
);

CREATE TABLE contribution_keys (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year INTEGER NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members(id),
    weight INTEGER NOT NULL CHECK (weight >= 0),
    PRIMARY KEY (org_id, year, member_id)
);

CREATE TABLE contribution_instalments (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year INTEGER NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members(id),
    amount_ore INTEGER NOT NULL CHECK (amount_ore > 0),
    due DATE NOT NULL,
    paid_on DATE,
    created_at INTEGER NOT NULL
);
CREATE INDEX contribution_instalments_year ON contribution_instalments (org_id, year);
