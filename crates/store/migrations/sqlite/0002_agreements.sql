-- Agreements (uppdragsavtal) between the förbund and a municipality for an intervention:
-- a standard amount per full-time position and year, dated shares of positions, and the
-- months with a vacancy or a granted reduced rate. Payouts are computed from these.

CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    intervention_id INTEGER NOT NULL REFERENCES interventions(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    standard_per_year_ore INTEGER NOT NULL CHECK (standard_per_year_ore >= 0),
    UNIQUE (org_id, intervention_id, member_id)
);

CREATE TABLE agreement_shares (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    valid_from DATE NOT NULL,
    fte_bp INTEGER NOT NULL CHECK (fte_bp >= 0),
    PRIMARY KEY (agreement_id, valid_from)
);

CREATE TABLE agreement_reductions (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    granted_bp INTEGER NOT NULL CHECK (granted_bp >= 0),
    PRIMARY KEY (agreement_id, year, month)
);
