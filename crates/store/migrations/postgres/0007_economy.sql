-- The budget in versions, the ledger with its saved account mappings, forecasts, balance
-- sheet lines, equity as the annual accounts set it, the board's decisions not to restore a
-- deficit, and what each half-year's payout waits for.

CREATE TABLE budgets (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    first_year BIGINT NOT NULL,
    version TEXT NOT NULL CHECK (version IN ('proposal', 'decided', 'revised')),
    decided_on DATE,
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX budgets_org ON budgets (org_id, first_year);

-- One row of a budget and its amount for one year; the row's words repeat per year.
CREATE TABLE budget_lines (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    budget_id BIGINT NOT NULL REFERENCES budgets(id),
    position BIGINT NOT NULL,
    year BIGINT NOT NULL,
    name TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('income', 'cost')),
    category TEXT,
    amount_ore BIGINT NOT NULL,
    PRIMARY KEY (budget_id, position, year)
);

CREATE TABLE ledger_mappings (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    account TEXT NOT NULL,
    line TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('income', 'cost')),
    PRIMARY KEY (org_id, account)
);

CREATE TABLE ledger_entries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    year BIGINT NOT NULL,
    month BIGINT NOT NULL CHECK (month BETWEEN 1 AND 12),
    line TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('income', 'cost')),
    amount_ore BIGINT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('import', 'manual')),
    text TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ledger_entries_year ON ledger_entries (org_id, year, month);

CREATE TABLE forecasts (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    year BIGINT NOT NULL,
    line TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('income', 'cost')),
    amount_ore BIGINT NOT NULL,
    comment TEXT NOT NULL,
    PRIMARY KEY (org_id, year, line, side)
);

CREATE TABLE balance_entries (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    on_date DATE NOT NULL,
    receivables_ore BIGINT NOT NULL,
    cash_ore BIGINT NOT NULL,
    liabilities_ore BIGINT NOT NULL,
    PRIMARY KEY (org_id, on_date)
);

CREATE TABLE equity_set (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    year BIGINT NOT NULL,
    amount_ore BIGINT NOT NULL,
    PRIMARY KEY (org_id, year)
);

CREATE TABLE balance_waivers (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    year BIGINT NOT NULL,
    decided_on DATE NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (org_id, year)
);

CREATE TABLE payout_approvals (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    year BIGINT NOT NULL,
    half BIGINT NOT NULL CHECK (half IN (1, 2)),
    certificate_on DATE,
    reports_on DATE,
    approved_on DATE,
    amount_ore BIGINT,
    PRIMARY KEY (agreement_id, year, half)
);
