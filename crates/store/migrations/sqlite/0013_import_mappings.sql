-- Values the förbund's lists write in their own words, mapped once by the director to one
-- samordna knows (issue 17): kind (exit_reason, income, municipality, intervention), the
-- value as written (lower case, trimmed) and the code or name it means.
CREATE TABLE import_mappings (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    kind TEXT NOT NULL,
    written TEXT NOT NULL,
    value TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (org_id, kind, written)
);
