-- Stored PDF form templates (docs/architecture.md, "Target endpoints"): the same table as the SQLite store (templates/rows.ts),
-- in PostgreSQL types. Times are Unix seconds, as the API shows them.
-- The PDF lives in the blob store; its hash is also registered in job_blobs under the template's
-- id (job_id = 'tpl_…'), because the job store's payload purge deletes a blob once job_blobs no
-- longer names it: without the row, purging an expired job that sent the same PDF would delete a
-- template's bytes.

CREATE TABLE templates (
  -- Insertion order: list pagination is keyset on it. Identity values can commit out of order;
  -- insertTemplate takes a per-organization advisory lock so that within an organization seq
  -- order is commit order (as insertJob does for jobs).
  seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id              text NOT NULL UNIQUE,
  organization_id text NOT NULL,
  name            text NOT NULL,
  filename        text NOT NULL,
  -- SHA-256 (hex) of the PDF in the blob store.
  blob_hash       text NOT NULL,
  -- The inferred FormFields: what filling the template places values in. json keeps key order.
  form_fields     json NOT NULL,
  created_at      bigint NOT NULL
);
CREATE INDEX templates_org_seq ON templates (organization_id, seq);
