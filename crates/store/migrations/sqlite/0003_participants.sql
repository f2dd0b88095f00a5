-- Participants: the pseudonymous record, the identity kept apart (sealed with a key that is
-- not in the database), consents, stays (episodes) with their income sources, steps,
-- after-support contacts and follow-ups, and anonymous after-support counts.

ALTER TABLE users ADD COLUMN fte_bp INTEGER NOT NULL DEFAULT 10000;

-- The check value of the identity key the database is sealed with (not the key).
CREATE TABLE key_check (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    check_value TEXT NOT NULL
);

CREATE TABLE exit_reasons (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('work', 'studies', 'other')),
    position INTEGER NOT NULL,
    UNIQUE (org_id, code)
);

CREATE TABLE step_scales (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    intervention_id INTEGER NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
    step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 10),
    label TEXT NOT NULL,
    PRIMARY KEY (intervention_id, step)
);

CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    code TEXT NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('woman', 'man', 'other')),
    birth_year INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    erased_at INTEGER,
    UNIQUE (org_id, code)
);

CREATE TABLE identities (
    participant_id INTEGER PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    lookup TEXT NOT NULL,
    sealed TEXT NOT NULL,
    UNIQUE (org_id, lookup)
);

CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    intervention_id INTEGER NOT NULL REFERENCES interventions(id),
    given_on DATE NOT NULL,
    given_to TEXT NOT NULL,
    withdrawn_on DATE,
    created_at INTEGER NOT NULL
);
CREATE INDEX consents_participant ON consents (participant_id);

CREATE TABLE episodes (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    intervention_id INTEGER NOT NULL REFERENCES interventions(id),
    municipality_id INTEGER NOT NULL REFERENCES members(id),
    referral_date DATE,
    referrer_id INTEGER REFERENCES members(id),
    decision TEXT CHECK (decision IN ('include', 'not_now', 'reject')),
    decision_date DATE,
    start_date DATE,
    coach_id INTEGER REFERENCES users(id),
    age_at_start INTEGER,
    end_date DATE,
    exit_reason_id INTEGER REFERENCES exit_reasons(id),
    occupation_after TEXT NOT NULL DEFAULT '',
    deregistered_on DATE,
    gk BOOLEAN NOT NULL DEFAULT 0,
    violence_asked_on DATE,
    created_at INTEGER NOT NULL,
    CHECK (end_date IS NULL OR (start_date IS NOT NULL AND end_date >= start_date)),
    CHECK ((end_date IS NULL) = (exit_reason_id IS NULL))
);
CREATE INDEX episodes_org ON episodes (org_id, intervention_id, start_date);
CREATE INDEX episodes_participant ON episodes (participant_id);

CREATE TABLE episode_income (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    phase TEXT NOT NULL CHECK (phase IN ('before', 'during', 'after')),
    from_date DATE,
    source TEXT NOT NULL
);
CREATE INDEX episode_income_episode ON episode_income (episode_id);

CREATE TABLE progress_steps (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 10),
    on_date DATE NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX progress_steps_episode ON progress_steps (episode_id);

CREATE TABLE after_support_contacts (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    due DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('visit', 'call', 'closing')),
    done_on DATE
);
CREATE INDEX after_support_episode ON after_support_contacts (episode_id);

CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    months INTEGER NOT NULL,
    due DATE NOT NULL,
    done_on DATE,
    status TEXT CHECK (status IN ('work', 'studies', 'other')),
    income TEXT NOT NULL DEFAULT '',
    UNIQUE (episode_id, months)
);

CREATE TABLE anonymous_after_support (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    intervention_id INTEGER NOT NULL REFERENCES interventions(id),
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    women INTEGER NOT NULL CHECK (women >= 0),
    men INTEGER NOT NULL CHECK (men >= 0),
    other INTEGER NOT NULL CHECK (other >= 0),
    created_at INTEGER NOT NULL,
    CHECK (period_to >= period_from)
);

-- The seeds' exit reasons for every förbund already here; new ones get them when created.
INSERT INTO exit_reasons (org_id, code, label, outcome, position)
SELECT o.id, r.code, r.label, r.outcome, r.position FROM orgs o, (
    SELECT 'arbete' AS code, 'Arbete (även med lönestöd)' AS label, 'work' AS outcome, 1 AS position
    UNION ALL SELECT 'studier', 'Studier', 'studies', 2
    UNION ALL SELECT 'rehabilitering', 'Arbetslivsinriktad rehabilitering eller en parts ordinarie insatser', 'other', 3
    UNION ALL SELECT 'ohalsa', 'Sjukdom/ohälsa', 'other', 4
    UNION ALL SELECT 'egen-begaran', 'Avbrutit på egen begäran', 'other', 5
    UNION ALL SELECT 'ater-remittent', 'Åter till remittent för fortsatt stöd', 'other', 6
    UNION ALL SELECT 'flyttat', 'Flyttat', 'other', 7
    UNION ALL SELECT 'annat', 'Annat skäl', 'other', 8
) r;
