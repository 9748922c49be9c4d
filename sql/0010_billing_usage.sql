-- 0010: metering and subscriptions (issue 9).
--
-- Usage is derived from the job rows, never counted on the side: an attempt is one job_attempts row keyed by
-- (tenant, job, attempt), so a re-delivered report upserts the same row and a silo that dies after writing it loses
-- nothing. An attempt counts on the UTC day it started (started_at never changes after the insert, so the index
-- below is written once per attempt and the attempt's end stays a HOT update).
ALTER TABLE job_attempts ADD COLUMN IF NOT EXISTS dead_lettered boolean NOT NULL DEFAULT false; -- the job went to the DLQ after this attempt

CREATE INDEX IF NOT EXISTS job_attempts_tenant_started
    ON job_attempts (tenant_id, started_at);

-- One row per tenant and UTC day, recounted from the job rows and upserted in batches (at most once per refresh
-- period per tenant-day, whatever the job rate), so it is no write per job; it keeps a day's figures after the
-- jobs themselves are purged. Invoices read closed days from here.
CREATE TABLE IF NOT EXISTS usage_daily
(
    tenant_id     text        NOT NULL,
    day           date        NOT NULL,              -- UTC
    jobs_accepted bigint      NOT NULL,              -- jobs created that day (what job quotas count)
    executions    bigint      NOT NULL,              -- attempts started that day
    retries       bigint      NOT NULL,              -- of those, attempts after a job's first
    failures      bigint      NOT NULL,              -- attempts that failed or timed out
    dead_letters  bigint      NOT NULL,              -- attempts after which the job was dead-lettered
    execution_ms  bigint      NOT NULL,              -- summed duration of the day's ended attempts
    counted_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, day)
);

-- A tenant's plans over time, mirrored from its subscription grain on every change for reporting and billing SQL:
-- [starts_at, ends_at) never overlap per tenant; ends_at is NULL for the one in effect.
CREATE TABLE IF NOT EXISTS subscriptions
(
    tenant_id  text        NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NULL,
    plan       text        NOT NULL,
    changed_by text        NOT NULL,
    PRIMARY KEY (tenant_id, starts_at)
);
