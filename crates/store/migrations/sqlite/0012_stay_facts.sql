-- One row per started stay with what the statistics count (issue 17), written in the same
-- transaction as every change of the stay, so the statistics read one narrow table instead
-- of joining five. The columns are what a question narrows by; `last_day` is the end, or
-- 9999-12-31 while the stay goes on, so that "takes a day of the period" is a range on one
-- column. `fact` is the rest as one line of text (see `fact_source` in the store's
-- stats/sql.rs). Filled from the detail tables when the store migrates; `samordna check`
-- recomputes every row and reports a difference.
CREATE TABLE stay_facts (
    episode_id INTEGER PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    intervention_id INTEGER NOT NULL,
    municipality_id INTEGER,
    coach_id INTEGER,
    start_date TEXT NOT NULL,
    last_day TEXT NOT NULL,
    fact TEXT NOT NULL
);
CREATE INDEX stay_facts_org_last_day ON stay_facts (org_id, last_day);
