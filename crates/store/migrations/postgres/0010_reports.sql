-- The half-year and annual reports: the outline with the director's text (the draft, as
-- JSON of the domain's sections), and once approved the board's decision, the document
-- with every figure as it was (JSON), and the PDF that was made of it. An approved report
-- is never written again: a new version of the same period is a new row.
CREATE TABLE reports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    kind TEXT NOT NULL CHECK (kind IN ('half-year', 'year')),
    year INTEGER NOT NULL,
    half INTEGER NOT NULL CHECK (half IN (0, 1, 2)),
    version INTEGER NOT NULL,
    sections TEXT NOT NULL,
    decided_on DATE,
    paragraph TEXT,
    snapshot TEXT,
    pdf BYTEA,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    approved_at BIGINT,
    UNIQUE (org_id, kind, year, half, version),
    CHECK ((approved_at IS NULL) = (snapshot IS NULL) AND (snapshot IS NULL) = (pdf IS NULL))
);
