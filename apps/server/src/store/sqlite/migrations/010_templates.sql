-- Stored PDF form templates (docs/architecture.md, "Target endpoints"). Times are Unix seconds, as the API shows them.
-- The PDF lives in the blob store; its hash is also registered in job_blobs under the template's
-- id (job_id = 'tpl_…'), because the job store's payload purge deletes a blob once job_blobs no
-- longer names it: without the row, purging an expired job that sent the same PDF would delete a
-- template's bytes.

CREATE TABLE templates (
  -- Insertion order: list pagination is keyset on it (created_at has one-second resolution).
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  organization_id TEXT NOT NULL,
  name            TEXT NOT NULL,
  filename        TEXT NOT NULL,
  -- SHA-256 (hex) of the PDF in the blob store.
  blob_hash       TEXT NOT NULL,
  -- JSON array of the inferred FormFields: what filling the template places values in.
  form_fields     TEXT NOT NULL,
  created_at      INTEGER NOT NULL
);
CREATE INDEX templates_org_seq ON templates (organization_id, seq);
