-- An API token carries the scope it was made for: `read` (lists and aggregates) or `write`
-- (and changes to members and interventions). Tokens made before scopes existed read only.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'read';
