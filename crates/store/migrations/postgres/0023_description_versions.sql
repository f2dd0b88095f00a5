-- The versions of each insats's verksamhetsbeskrivning, each with the decision that
-- adopted it; the newest adopted is copied to the intervention's description.
CREATE TABLE description_versions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    intervention_id BIGINT NOT NULL REFERENCES interventions(id),
    adopted_on DATE NOT NULL,
    decision TEXT NOT NULL,
    goal TEXT NOT NULL,
    target_group TEXT NOT NULL,
    content TEXT NOT NULL,
    follow_up TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX description_versions_intervention ON description_versions (intervention_id, adopted_on);
