-- Requests for public documents and how each was decided.
CREATE TABLE document_requests (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    received DATE NOT NULL,
    -- Empty when the requester is anonymous.
    requester TEXT NOT NULL,
    what TEXT NOT NULL,
    outcome TEXT CHECK (outcome IN ('released', 'in-part', 'refused')),
    decided_on DATE,
    created_at BIGINT NOT NULL,
    CHECK ((outcome IS NULL) = (decided_on IS NULL))
);
CREATE INDEX document_requests_org ON document_requests (org_id, received);
