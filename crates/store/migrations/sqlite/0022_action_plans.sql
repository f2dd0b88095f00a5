-- Action plans (handlingsplaner) per insats or body and year, and their activities.
CREATE TABLE action_plans (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year INTEGER NOT NULL,
    owner TEXT NOT NULL,
    title TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX action_plans_org ON action_plans (org_id, year);

CREATE TABLE plan_activities (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    plan_id INTEGER NOT NULL REFERENCES action_plans(id),
    goal TEXT NOT NULL,
    area TEXT NOT NULL,
    what TEXT NOT NULL,
    responsible TEXT NOT NULL,
    from_day DATE NOT NULL,
    to_day DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'ongoing', 'done', 'postponed')),
    comment TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    CHECK (to_day >= from_day)
);
CREATE INDEX plan_activities_plan ON plan_activities (plan_id);
