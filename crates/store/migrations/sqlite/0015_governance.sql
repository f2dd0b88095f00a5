-- The board's work: the bodies' members with dated terms; the meetings of the year plan
-- with their agenda and minutes (the domain's types as JSON, like a report's sections);
-- the signatures, each with the hash of what was signed; the justerare's comments; the
-- notices of the public anslagstavla and the log of when each was up; and the tasks that
-- the decisions gave.
CREATE TABLE board_terms (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    body TEXT NOT NULL CHECK (body IN ('board', 'preparatory-group', 'consultation')),
    name TEXT NOT NULL,
    email TEXT,
    party_id INTEGER NOT NULL REFERENCES members(id),
    seat TEXT NOT NULL CHECK (seat IN ('ordinary', 'substitute')),
    substitute_for INTEGER REFERENCES board_terms(id),
    office TEXT CHECK (office IN ('chair', 'vice-chair')),
    call_order INTEGER,
    from_date DATE NOT NULL,
    to_date DATE NOT NULL,
    created_at INTEGER NOT NULL,
    CHECK (from_date <= to_date)
);
CREATE INDEX board_terms_org ON board_terms (org_id, body);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    body TEXT NOT NULL CHECK (body IN ('board', 'preparatory-group', 'consultation')),
    date DATE NOT NULL,
    starts TEXT NOT NULL,
    ends TEXT NOT NULL,
    place TEXT NOT NULL,
    digital BOOLEAN NOT NULL,
    public BOOLEAN NOT NULL,
    planned TEXT NOT NULL,
    agenda TEXT NOT NULL,
    minutes TEXT,
    status TEXT NOT NULL CHECK (status IN ('planned', 'draft', 'justering', 'signed')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK ((status = 'planned') = (minutes IS NULL))
);
CREATE INDEX meetings_org_date ON meetings (org_id, date);

CREATE TABLE signatures (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('chair', 'secretary', 'justerare')),
    name TEXT NOT NULL,
    identification TEXT NOT NULL,
    signature_id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    signed_at INTEGER NOT NULL,
    UNIQUE (meeting_id, role, name)
);

CREATE TABLE minutes_comments (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    -- The paragraph's index (§ = index + 1), or none for the whole minutes.
    paragraph INTEGER,
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    -- A signer's refusal, which sent the minutes back to the secretary.
    refusal BOOLEAN NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX minutes_comments_meeting ON minutes_comments (meeting_id);

CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    kind TEXT NOT NULL CHECK (kind IN ('justering', 'public-meeting')),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    justered_on DATE,
    posted_on DATE NOT NULL,
    until DATE NOT NULL,
    kept_at TEXT NOT NULL,
    -- The accessible copy of the minutes, without signatures, as published.
    pdf BLOB,
    removed_at INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (meeting_id, kind)
);
CREATE INDEX notices_org ON notices (org_id, posted_on);

-- When each notice was public: a row from posting to removal (open while it is up), so the
-- förbund can show that a notice was up without gaps.
CREATE TABLE notice_log (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    notice_id INTEGER NOT NULL REFERENCES notices(id),
    shown_from INTEGER NOT NULL,
    shown_to INTEGER
);

CREATE TABLE board_tasks (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    paragraph INTEGER NOT NULL,
    decision INTEGER NOT NULL,
    responsible TEXT NOT NULL,
    what TEXT NOT NULL,
    reported_on DATE,
    UNIQUE (meeting_id, paragraph, decision)
);
