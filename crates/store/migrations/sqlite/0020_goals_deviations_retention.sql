-- The verksamhetsplan's goal table, the values typed for its goals, the deviations and
-- the retention plan.
CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year INTEGER NOT NULL,
    main TEXT NOT NULL,
    sub TEXT NOT NULL,
    activity TEXT NOT NULL,
    measurement TEXT NOT NULL,
    -- `typed`, `exits:se-hoglandet`, `survey:1`, … (plans::goals::Source::code).
    source TEXT NOT NULL,
    -- `minst 70 %` (plans::goals::Target, which parses back), or none.
    target TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX goals_org ON goals (org_id, year);

CREATE TABLE goal_values (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    on_day DATE NOT NULL,
    -- `45,2 %` or `312` (plans::goals::Value, which parses back).
    value TEXT NOT NULL,
    comment TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX goal_values_goal ON goal_values (goal_id);

CREATE TABLE deviations (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    day DATE NOT NULL,
    what TEXT NOT NULL,
    consequence TEXT NOT NULL,
    measure TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'in-progress', 'closed')),
    created_at INTEGER NOT NULL
);
CREATE INDEX deviations_org ON deviations (org_id, day);

CREATE TABLE retention_rules (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    what TEXT NOT NULL,
    covers TEXT NOT NULL CHECK (covers IN ('participants', 'other')),
    months INTEGER NOT NULL CHECK (months >= 0),
    then_do TEXT NOT NULL CHECK (then_do IN ('erase', 'keep')),
    created_at INTEGER NOT NULL
);
CREATE INDEX retention_rules_org ON retention_rules (org_id);
