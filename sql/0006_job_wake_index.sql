-- 0006: the durable wake-up index moves from one Orleans reminder per job to columns of the job row, written by
-- the same statement as the job's state (no write of its own). The wake shards read it.

-- When the job must next be looked at: the due time of a Scheduled or Retrying job, the deadline (timeout +
-- grace) of a Running attempt; NULL otherwise (Queued jobs are watched through their owner, ended jobs not at all).
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS wake_at timestamptz NULL;

-- The silo (an Orleans silo address with its generation) whose executor holds a Queued or Running job; NULL
-- otherwise. A job whose owner is no longer a cluster member is re-queued by its wake shard.
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS owner text NULL;

-- Which wake shard sweeps the job: the last byte of its id modulo the shard count (WakeShards.Count = 8 in
-- Grains/WakeUps/WakeShards.cs computes the same). Generated, so it can never disagree with the id.
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS wake_shard smallint
    GENERATED ALWAYS AS (get_byte(uuid_send(job_id), 15) % 8) STORED;

-- A sweep: WHERE wake_shard = @shard AND wake_at <= @until [AND (wake_at, tenant_id, job_id) > (@cursor...)]
--          ORDER BY wake_at, tenant_id, job_id LIMIT @limit
-- Partial: ended jobs (the bulk of the table) are not in it.
CREATE INDEX IF NOT EXISTS jobs_wake
    ON jobs (wake_shard, wake_at, tenant_id, job_id) WHERE wake_at IS NOT NULL;

-- Orphans: WHERE wake_shard = @shard AND owner IS NOT NULL AND owner <> ALL(@live_owners)
CREATE INDEX IF NOT EXISTS jobs_owner
    ON jobs (wake_shard, owner) WHERE owner IS NOT NULL;

-- Jobs that were waiting on a reminder before this migration: give them a wake-up from their columns. Queued
-- and Running ones get an owner that is no silo, so the first sweep re-queues them.
UPDATE jobs SET wake_at = CASE status WHEN 'Scheduled' THEN run_at WHEN 'Retrying' THEN next_attempt_at END,
                owner = CASE WHEN status IN ('Queued', 'Running') THEN '(before wake index)' END
WHERE status IN ('Scheduled', 'Retrying', 'Queued', 'Running') AND wake_at IS NULL AND owner IS NULL;

-- Their reminders would now call a grain that no longer takes reminders.
DELETE FROM orleans_reminders WHERE reminder_name = 'wake';
