-- The `model` and `metadata` list filters had no index of their own: they walked the organization's
-- whole (organization_id, seq) index and filtered row by row (test/bench list-at-scale, 1M jobs:
-- ~740 rows read for a 2% metadata value; a rare value reads every job of the organization).
-- model: (organization_id, model, seq), like status and endpoint.
-- metadata: a GIN index on the jsonb cast the filter uses (`metadata::jsonb @> $1::jsonb`, see
-- queries/listJobs.ts); jsonb_path_ops is the smaller GIN opclass and supports exactly @>.
-- Built without CONCURRENTLY (migrations run in a transaction): on a large existing table, run
-- this migration in a quiet window, it blocks writes to jobs while the indexes build.
CREATE INDEX jobs_org_model_seq ON jobs (organization_id, model, seq);
CREATE INDEX jobs_metadata ON jobs USING gin ((metadata::jsonb) jsonb_path_ops);
