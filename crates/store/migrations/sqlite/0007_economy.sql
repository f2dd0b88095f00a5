-- The budget in versions, the ledger with its saved account mappings, forecasts, balance
-- sheet lines, equity as the annual accounts set it, the board's decisions not to restore a
-- deficit, and what each half-year's payout waits for.

CREATE TABLE budgets (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    first_year INTEGER NOT NULL,
    version TEXT NOT NULL CHECK (version IN ('proposal', 'decided', 'revised')),
    decided_on DATE,
    note TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX budgets_org ON budgets (org_id, first_year);

-- One row of a budget and its amount for one year; the row's words repeat per year.
CREATE TABLE budget_lines (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    budget_id INTEGER NOT NULL REFERENCES budgets(id),
    position INTEGER NOT NULL,
    year INTEGER NOT NULL,
    name TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('income', 'cost')),
    category TEXT,
    amount_ore INTEGER NOT NULL,
    PRIMARY KEY (budget_id, position, year)
);

CREATE TABLE ledger_mappings (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    account TEXT NOT NULL,
    line TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('income', 'cost')),
    PRIMARY KEY (org_id, account)
);

CREATE TABLE ledger_entries (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year INTEGER NOT NULL,
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    line TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('income', 'cost')),
    amount_ore INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('import', 'manual')),
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ledger_entries_year ON ledger_entries (org_id, year, month);

CREATE TABLE forecasts (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year INTEGER NOT NULL,
    line TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('income', 'cost')),
    amount_ore INTEGER NOT NULL,
    comment TEXT NOT NULL,
    PRIMARY KEY (org_id, year, line, side)
);

CREATE TABLE balance_entries (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    on_date DATE NOT NULL,
    receivables_ore INTEGER NOT NULL,
    cash_ore INTEGER NOT NULL,
    liabilities_ore INTEGER NOT NULL,
    PRIMARY KEY (org_id, on_date)
);

CREATE TABLE equity_set (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year INTEGER NOT NULL,
    amount_ore INTEGER NOT NULL,
    PRIMARY KEY (org_id, year)
);

CREATE TABLE balance_waivers (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year INTEGER NOT NULL,
    decided_on DATE NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (org_id, year)
);

CREATE TABLE payout_approvals (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    agreement_id INTEGER NOT NULL REFERENCES agreements(id),
    year INTEGER NOT NULL,
    half INTEGER NOT NULL CHECK (half IN (1, 2)),
    certificate_on DATE,
    reports_on DATE,
    approved_on DATE,
    amount_ore INTEGER,
    PRIMARY KEY (agreement_id, year, half)
);
