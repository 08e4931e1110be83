-- Blob bytes, when the store is PostgreSQL and BLOB_URL is not set: every API and worker process
-- reads the same table, so an offloaded document stored by one API process is found by any worker.
CREATE TABLE blobs (
  -- SHA-256 of the bytes, hex (content-addressed: the same document sent twice is one row).
  hash       text PRIMARY KEY,
  bytes      bytea NOT NULL,
  size       bigint NOT NULL,
  -- ms: the last put of these bytes. deleteUnreferenced spares recently touched blobs, because a
  -- create may be re-using one right now (its job row is not committed yet).
  touched_at bigint NOT NULL
);
-- Documents (PDF, images, DOCX) are already compressed: store them out of line without letting
-- TOAST spend CPU on a compression attempt that would not pay.
ALTER TABLE blobs ALTER COLUMN bytes SET STORAGE EXTERNAL;
