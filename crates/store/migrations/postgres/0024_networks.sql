-- Networks of förbund (a county, the national network): a förbund is in a network only
-- while its director's consent stands; leaving deletes the row, the audit log keeps both.
-- A network account belongs to a network instead of a förbund and sees only the network's
-- aggregates.
CREATE TABLE networks (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE network_members (
    network_id BIGINT NOT NULL REFERENCES networks(id),
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    joined_at BIGINT NOT NULL,
    consented_by TEXT NOT NULL,
    PRIMARY KEY (network_id, org_id)
);
CREATE INDEX network_members_org ON network_members (org_id);

-- The account's home: a förbund, a network, or (the admin) neither.
ALTER TABLE users
    ADD COLUMN network_id BIGINT REFERENCES networks(id),
    DROP CONSTRAINT users_check,
    ADD CONSTRAINT users_home CHECK ((role IN ('admin', 'network')) = (org_id IS NULL)
        AND (role = 'network') = (network_id IS NOT NULL));
