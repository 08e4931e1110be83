-- Where a stored request holds blob refs. A client can write any string into a request, refs
-- included, so the server reads back as refs only the values it offloaded itself: their JSON
-- Pointers, {"paths": ["/document/url", ...]}, written at create; NULL when the request holds none.
-- Rows stored before this list the hashes their job offloaded instead, {"hashes": [...]}: a ref
-- there counts only when it names one of them (never another organization's blob).
ALTER TABLE jobs ADD COLUMN request_blobs TEXT;

UPDATE jobs
SET request_blobs = json_object('hashes', (SELECT json_group_array(hash) FROM job_blobs WHERE job_blobs.job_id = jobs.id))
WHERE request IS NOT NULL AND EXISTS (SELECT 1 FROM job_blobs WHERE job_blobs.job_id = jobs.id);
