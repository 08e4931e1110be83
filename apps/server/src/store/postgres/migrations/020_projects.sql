-- Evaluation projects (docs/architecture.md, "Target endpoints") and their labelled documents: the same tables as the SQLite
-- store (projects/rows.ts), in PostgreSQL types. Times are Unix seconds, as the API shows them.
-- Document bytes live in the blob store; each document's hash is also registered in job_blobs
-- under the document's id (job_id = 'pdoc_…'), because the job store's payload purge deletes a
-- blob once job_blobs no longer names it: without the row, purging an expired job that sent the
-- same file would delete a project document's bytes.

CREATE TABLE projects (
  -- Insertion order: list pagination is keyset on it. Identity values can commit out of order;
  -- insertProject takes a per-organization advisory lock so that within an organization seq
  -- order is commit order (as insertJob does for jobs).
  seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id              text NOT NULL UNIQUE,
  organization_id text NOT NULL,
  name            text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('extract', 'split', 'classify')),
  -- Exactly the one the kind needs is set. json, not jsonb: a schema keeps its key order.
  json_schema     json,
  subdocuments    json,
  categories      json,
  created_at      bigint NOT NULL
);
CREATE INDEX projects_org_seq ON projects (organization_id, seq);

CREATE TABLE project_documents (
  -- Keyset order of a project's documents (insertProjectDocument locks per project, likewise).
  seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id              text NOT NULL UNIQUE,
  project_id      text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  -- Repeated from the project so every read is scoped by organization without a join.
  organization_id text NOT NULL,
  filename        text NOT NULL,
  mime_type       text NOT NULL,
  -- SHA-256 (hex) of the bytes in the blob store.
  blob_hash       text NOT NULL,
  -- An object (extract), a list of {name, pages} (split) or a category name (classify).
  ground_truth    json NOT NULL,
  created_at      bigint NOT NULL
);
-- Listing a project's documents and counting them.
CREATE INDEX project_documents_project_seq ON project_documents (project_id, seq);
