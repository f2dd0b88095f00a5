-- Members' contributions: the year's total and the key it is split by, and the instalments
-- each member is invoiced, with their due and paid dates.
CREATE TABLE contribution_years (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    year BIGINT NOT NULL,
    total_ore BIGINT NOT NULL CHECK (total_ore >= 0),
    PRIMARY KEY (org_id, year)
);

CREATE TABLE contribution_keys (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    year BIGINT NOT NULL,
    member_id BIGINT NOT NULL REFERENCES members(id),
    weight BIGINT NOT NULL CHECK (weight >= 0),
    PRIMARY KEY (org_id, year, member_id)
);

CREATE TABLE contribution_instalments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    year BIGINT NOT NULL,
    member_id BIGINT NOT NULL REFERENCES members(id),
    amount_ore BIGINT NOT NULL CHECK (amount_ore > 0),
    due DATE NOT NULL,
    paid_on DATE,
    created_at BIGINT NOT NULL
);
CREATE INDEX contribution_instalments_year ON contribution_instalments (org_id, year);
