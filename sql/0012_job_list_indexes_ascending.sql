-- 0012: the four list indexes in ascending order. They were declared (..., created_at DESC, job_id DESC), the order
-- lists are shown in, but new jobs have the newest created_at, so with descending keys every insert went to the
-- left end of its tenant's range and each full page split in half: the indexes stayed half empty (87-118 bytes per
-- job each, 411 bytes per job for the four). Ascending, inserts land at the right end, where PostgreSQL splits
-- leaving the left page full. Lists still read them in their order: ORDER BY created_at DESC, job_id DESC with
-- the leading columns fixed is a backward scan of the same index, and the keyset cursor a bounded range of it.
--
-- The migration runs in one transaction and blocks writes to jobs while it builds. On a large table, build the new
-- indexes beforehand without blocking (CREATE INDEX CONCURRENTLY with the same names and columns); these
-- statements then skip them and only drop the old ones.
CREATE INDEX IF NOT EXISTS jobs_by_tenant        ON jobs (tenant_id, created_at, job_id);
CREATE INDEX IF NOT EXISTS jobs_by_tenant_status ON jobs (tenant_id, status, created_at, job_id);
CREATE INDEX IF NOT EXISTS jobs_by_tenant_queue  ON jobs (tenant_id, queue, created_at, job_id);
CREATE INDEX IF NOT EXISTS jobs_by_tenant_type   ON jobs (tenant_id, type, created_at, job_id);

DROP INDEX IF EXISTS jobs_tenant_created;
DROP INDEX IF EXISTS jobs_tenant_status_created;
DROP INDEX IF EXISTS jobs_tenant_queue_created;
DROP INDEX IF EXISTS jobs_tenant_type_created;
