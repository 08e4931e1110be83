-- Where a stored request holds blob refs. A client can write any string into a request, refs
-- included, so the server reads back as refs only the values it offloaded itself: their JSON
-- Pointers, {"paths": ["/document/url", ...]}, written at create; NULL when the request holds none.
-- Rows stored before this list the hashes their job offloaded instead, {"hashes": [...]}: a ref
-- there counts only when it names one of them (never another organization's blob).
ALTER TABLE jobs ADD COLUMN request_blobs json;

UPDATE jobs
SET request_blobs = json_build_object('hashes', refs.hashes)
FROM (SELECT job_id, json_agg(hash ORDER BY hash) AS hashes FROM job_blobs GROUP BY job_id) AS refs
WHERE refs.job_id = jobs.id AND jobs.request IS NOT NULL;
