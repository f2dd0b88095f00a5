-- Participants: the pseudonymous record, the identity kept apart (sealed with a key that is
-- not in the database), consents, stays (episodes) with their income sources, steps,
-- after-support contacts and follow-ups, and anonymous after-support counts.

ALTER TABLE users ADD COLUMN fte_bp BIGINT NOT NULL DEFAULT 10000;

-- The check value of the identity key the database is sealed with (not the key).
CREATE TABLE key_check (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    check_value TEXT NOT NULL
);

CREATE TABLE exit_reasons (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('work', 'studies', 'other')),
    position BIGINT NOT NULL,
    UNIQUE (org_id, code)
);

CREATE TABLE step_scales (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    intervention_id BIGINT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
    step BIGINT NOT NULL CHECK (step BETWEEN 1 AND 10),
    label TEXT NOT NULL,
    PRIMARY KEY (intervention_id, step)
);

CREATE TABLE participants (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    code TEXT NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('woman', 'man', 'other')),
    birth_year BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    erased_at BIGINT,
    UNIQUE (org_id, code)
);

CREATE TABLE identities (
    participant_id BIGINT PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    lookup TEXT NOT NULL,
    sealed TEXT NOT NULL,
    UNIQUE (org_id, lookup)
);

CREATE TABLE consents (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    intervention_id BIGINT NOT NULL REFERENCES interventions(id),
    given_on DATE NOT NULL,
    given_to TEXT NOT NULL,
    withdrawn_on DATE,
    created_at BIGINT NOT NULL
);
CREATE INDEX consents_participant ON consents (participant_id);

CREATE TABLE episodes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    participant_id BIGINT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    intervention_id BIGINT NOT NULL REFERENCES interventions(id),
    municipality_id BIGINT NOT NULL REFERENCES members(id),
    referral_date DATE,
    referrer_id BIGINT REFERENCES members(id),
    decision TEXT CHECK (decision IN ('include', 'not_now', 'reject')),
    decision_date DATE,
    start_date DATE,
    coach_id BIGINT REFERENCES users(id),
    age_at_start BIGINT,
    end_date DATE,
    exit_reason_id BIGINT REFERENCES exit_reasons(id),
    occupation_after TEXT NOT NULL DEFAULT '',
    deregistered_on DATE,
    gk BOOLEAN NOT NULL DEFAULT FALSE,
    violence_asked_on DATE,
    created_at BIGINT NOT NULL,
    CHECK (end_date IS NULL OR (start_date IS NOT NULL AND end_date >= start_date)),
    CHECK ((end_date IS NULL) = (exit_reason_id IS NULL))
);
CREATE INDEX episodes_org ON episodes (org_id, intervention_id, start_date);
CREATE INDEX episodes_participant ON episodes (participant_id);

CREATE TABLE episode_income (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    episode_id BIGINT NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    phase TEXT NOT NULL CHECK (phase IN ('before', 'during', 'after')),
    from_date DATE,
    source TEXT NOT NULL
);
CREATE INDEX episode_income_episode ON episode_income (episode_id);

CREATE TABLE progress_steps (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    episode_id BIGINT NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    step BIGINT NOT NULL CHECK (step BETWEEN 1 AND 10),
    on_date DATE NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX progress_steps_episode ON progress_steps (episode_id);

CREATE TABLE after_support_contacts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    episode_id BIGINT NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    due DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('visit', 'call', 'closing')),
    done_on DATE
);
CREATE INDEX after_support_episode ON after_support_contacts (episode_id);

CREATE TABLE follow_ups (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    episode_id BIGINT NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    months BIGINT NOT NULL,
    due DATE NOT NULL,
    done_on DATE,
    status TEXT CHECK (status IN ('work', 'studies', 'other')),
    income TEXT NOT NULL DEFAULT '',
    UNIQUE (episode_id, months)
);

CREATE TABLE anonymous_after_support (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    intervention_id BIGINT NOT NULL REFERENCES interventions(id),
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    women BIGINT NOT NULL CHECK (women >= 0),
    men BIGINT NOT NULL CHECK (men >= 0),
    other BIGINT NOT NULL CHECK (other >= 0),
    created_at BIGINT NOT NULL,
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
