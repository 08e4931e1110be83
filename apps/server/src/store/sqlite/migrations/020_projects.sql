-- Evaluation projects (docs/architecture.md, "Target endpoints") and their labelled documents. Times are Unix seconds, as the
-- API shows them. Document bytes live in the blob store; each document's hash is also registered
-- in job_blobs under the document's id (job_id = 'pdoc_…'), because the job store's payload purge
-- deletes a blob once job_blobs no longer names it: without the row, purging an expired job that
-- sent the same file would delete a project document's bytes.

CREATE TABLE projects (
  -- Insertion order: list pagination is keyset on it (created_at has one-second resolution).
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  organization_id TEXT NOT NULL,
  name            TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('extract', 'split', 'classify')),
  -- JSON; exactly the one the kind needs is set.
  json_schema     TEXT,
  subdocuments    TEXT,
  categories      TEXT,
  created_at      INTEGER NOT NULL
);
CREATE INDEX projects_org_seq ON projects (organization_id, seq);

CREATE TABLE project_documents (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  project_id      TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  -- Repeated from the project so every read is scoped by organization without a join.
  organization_id TEXT NOT NULL,
  filename        TEXT NOT NULL,
  mime_type       TEXT NOT NULL,
  -- SHA-256 (hex) of the bytes in the blob store.
  blob_hash       TEXT NOT NULL,
  -- JSON text: an object (extract), a list of {name, pages} (split) or a category name (classify).
  ground_truth    TEXT NOT NULL,
  created_at      INTEGER NOT NULL
);
-- Listing a project's documents and counting them.
CREATE INDEX project_documents_project_seq ON project_documents (project_id, seq);
