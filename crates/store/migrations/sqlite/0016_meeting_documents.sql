-- The documents of a meeting's agenda items (handlingar), kept whole: PDF, Word, Excel.
CREATE TABLE meeting_documents (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    -- The agenda item's index (item = index + 1).
    item INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('pdf', 'docx', 'xlsx')),
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX meeting_documents_meeting ON meeting_documents (meeting_id);
