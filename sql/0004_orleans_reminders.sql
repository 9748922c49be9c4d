-- 0004: reminders for Microsoft.Orleans.Reminders.AdoNet 10.4.2 (UseAdoNetReminderService, invariant "Npgsql").
--
-- Orleans 10.4.2 reads and writes exactly these columns; the cron/priority columns of newer Orleans
-- scripts are deliberately absent (10.4.2 never binds their parameters).
-- version is the reminder's ETag: registering again bumps it; unregistering must name the current one.

CREATE TABLE IF NOT EXISTS orleans_reminders
(
    service_id    text        NOT NULL,  -- ClusterOptions.ServiceId
    grain_id      text        NOT NULL,  -- "grain-type/key"; text because long keys outgrow any fixed width
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,  -- first due time (UTC)
    period_ms     bigint      NOT NULL,  -- Orleans binds int or bigint depending on the size
    grain_hash    integer     NOT NULL,  -- the grain's position on the hash ring (unsigned, stored as signed)
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Each silo loads the reminders of its slice of the hash ring (at start and on every ring change).
CREATE INDEX IF NOT EXISTS orleans_reminders_ring ON orleans_reminders (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
('ReadReminderRowsKey', $$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND grain_id = @GrainId
$$),

('ReadReminderRowKey', $$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND grain_id = @GrainId
  AND reminder_name = @ReminderName
$$),

-- A ring slice that does not wrap: (begin, end]. Orleans compares the bounds as signed integers, like this column.
('ReadRangeRows1Key', $$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND grain_hash > @BeginHash
  AND grain_hash <= @EndHash
$$),

-- A slice that wraps past the top of the ring (begin = end means the whole ring).
('ReadRangeRows2Key', $$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$$),

-- Register or re-register: no ETag check (last writer wins, as Orleans expects). Returns the new ETag.
('UpsertReminderRowKey', $$
INSERT INTO orleans_reminders AS r
    (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = EXCLUDED.start_time,
    period_ms  = EXCLUDED.period_ms,
    grain_hash = EXCLUDED.grain_hash,
    version    = CASE WHEN r.version = 2147483647 THEN 0 ELSE r.version + 1 END
RETURNING r.version AS "Version"
$$),

-- Unregister: only with the current ETag. One row, one column: 1 deleted, 0 stale or gone.
('DeleteReminderRowKey', $$
WITH removed AS (
    DELETE FROM orleans_reminders
    WHERE service_id = @ServiceId
      AND grain_id = @GrainId
      AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1)
SELECT count(*)::integer AS removed FROM removed
$$),

-- Every reminder of the service (Orleans calls it only from test helpers).
('DeleteReminderRowsKey', $$
DELETE FROM orleans_reminders
WHERE service_id = @ServiceId
$$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
