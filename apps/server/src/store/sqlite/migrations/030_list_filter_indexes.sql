-- The `model` list filter had no index of its own: it walked the organization's whole
-- (organization_id, seq) index and filtered row by row (test/bench list-at-scale, 1M jobs).
-- Like status and endpoint, it gets an (organization_id, model, seq) index: equality, then the
-- keyset order. (metadata and filename_contains stay filters on SQLite: json_each and instr have
-- no index to use.)
CREATE INDEX jobs_org_model_seq ON jobs (organization_id, model, seq);
