-- List filters of the official SDKs (test/bench list-at-scale covers each at 1M jobs):
--   source        how the job was created: 'project' when the request names a project_id, else 'api'.
--   project_id    the evaluation project the request names.
--   document_type the MIME type of the request's (first) document, for `document_type`.
--   document_names the documents' file names as sent, one per line, for `filename_regex` (case
--                 matters there; `filenames` keeps the lower-cased copy `filename_contains` reads).
-- Each equality filter gets an (organization_id, <column>, seq) index: equality, then the keyset order.
-- ADD COLUMN with a constant default rewrites nothing; the indexes are built without CONCURRENTLY
-- (migrations run in a transaction): on a large existing table, run this in a quiet window.
ALTER TABLE jobs ADD COLUMN source text NOT NULL DEFAULT 'api';
ALTER TABLE jobs ADD COLUMN project_id text;
ALTER TABLE jobs ADD COLUMN document_type text;
ALTER TABLE jobs ADD COLUMN document_names text;
-- Jobs stored before this migration: their project is in the request (while it is not purged).
UPDATE jobs SET project_id = request->>'project_id', source = 'project'
  WHERE request IS NOT NULL AND json_typeof(request->'project_id') = 'string';
CREATE INDEX jobs_org_source_seq ON jobs (organization_id, source, seq);
CREATE INDEX jobs_org_project_seq ON jobs (organization_id, project_id, seq);
CREATE INDEX jobs_org_document_type_seq ON jobs (organization_id, document_type, seq);
