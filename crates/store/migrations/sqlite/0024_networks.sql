-- Networks of förbund (a county, the national network): a förbund is in a network only
-- while its director's consent stands; leaving deletes the row, the audit log keeps both.
-- A network account belongs to a network instead of a förbund and sees only the network's
-- aggregates.
CREATE TABLE networks (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE network_members (
    network_id INTEGER NOT NULL REFERENCES networks(id),
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    joined_at INTEGER NOT NULL,
    consented_by TEXT NOT NULL,
    PRIMARY KEY (network_id, org_id)
);
CREATE INDEX network_members_org ON network_members (org_id);

ALTER TABLE users ADD COLUMN network_id INTEGER REFERENCES networks(id);
-- The account's home: a förbund, a network, or (the admin) neither. SQLite cannot alter a
-- CHECK; its documented way to loosen one without rebuilding the table (lang_altertable
-- §7, "removing CHECK constraints") is to edit the table's stored definition. Every row
-- meets the new rule, and the ADD COLUMN above has already changed the schema cookie, so
-- every connection reads the new definition.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK ((role = ''admin'') = (org_id IS NULL))',
    'CHECK ((role IN (''admin'', ''network'')) = (org_id IS NULL) AND (role = ''network'') = (network_id IS NOT NULL))')
WHERE type = 'table' AND name = 'users';
PRAGMA writable_schema = OFF;
