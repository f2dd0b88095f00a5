-- The stay summary points to the stay of the same förbund, by one key of two columns (id,
-- förbund), as on PostgreSQL (where every record of a stay does so now). SQLite cannot change
-- a table's keys without rebuilding it: the summary is rebuilt here, and filled again from
-- the records when the store migrates; the other tables keep their single keys.
CREATE UNIQUE INDEX episodes_id_org_id ON episodes (id, org_id);
DROP TABLE stay_facts;
CREATE TABLE stay_facts (
    episode_id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL,
    intervention_id INTEGER NOT NULL,
    municipality_id INTEGER,
    coach_id INTEGER,
    start_date TEXT NOT NULL,
    last_day TEXT NOT NULL,
    fact TEXT NOT NULL,
    FOREIGN KEY (episode_id, org_id) REFERENCES episodes (id, org_id) ON DELETE CASCADE
);
CREATE INDEX stay_facts_org_last_day ON stay_facts (org_id, last_day);
