-- 0005: the orchestrator's own job tables. Orleans never touches these: the job grain storage writes them
-- and the list endpoints read them.

-- One row per job. state holds the whole JobState document and is what the grain reads back; the other
-- columns are copies of its fields, kept so lists and filters are plain indexed SQL.
CREATE TABLE IF NOT EXISTS jobs
(
    tenant_id       text        NOT NULL,
    job_id          uuid        NOT NULL,
    -- JobStatus name ('Queued', 'Running', ...): readable in ad-hoc SQL and independent of enum numbers.
    status          text        NOT NULL,
    queue           text        NOT NULL,
    type            text        NOT NULL,
    priority        integer     NOT NULL,
    run_at          timestamptz NOT NULL,
    next_attempt_at timestamptz NULL,      -- set only while waiting for a retry's backoff
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    attempt         integer     NOT NULL,
    max_attempts    integer     NOT NULL,
    correlation_id  text        NOT NULL,
    idempotency_key text        NULL,
    -- jsonb normalises whitespace and key order: payload and result come back equal as JSON, not byte for byte.
    payload         jsonb       NOT NULL,
    result          jsonb       NULL,
    last_error      text        NULL,
    tags            text[]      NOT NULL DEFAULT '{}',
    state           jsonb       NOT NULL,
    -- The ETag: a write names the version it read (UPDATE ... WHERE version = @expected) and bumps it,
    -- so a stale writer changes nothing and can tell.
    version         bigint      NOT NULL,
    PRIMARY KEY (tenant_id, job_id)
);

-- Lists show one tenant's jobs newest first and page with a keyset cursor (created_at, job_id), e.g.
--   WHERE tenant_id = @tenant [AND status = @status]
--     AND (created_at, job_id) < (@cursor_created_at, @cursor_job_id)
--   ORDER BY created_at DESC, job_id DESC LIMIT @limit
-- job_id breaks ties between jobs created in the same microsecond. One index per filter the API offers,
-- each ending in the sort order, so every page is a bounded index range scan.
CREATE INDEX IF NOT EXISTS jobs_tenant_created
    ON jobs (tenant_id, created_at DESC, job_id DESC);
CREATE INDEX IF NOT EXISTS jobs_tenant_status_created
    ON jobs (tenant_id, status, created_at DESC, job_id DESC);
CREATE INDEX IF NOT EXISTS jobs_tenant_queue_created
    ON jobs (tenant_id, queue, created_at DESC, job_id DESC);
CREATE INDEX IF NOT EXISTS jobs_tenant_type_created
    ON jobs (tenant_id, type, created_at DESC, job_id DESC);

-- One row per attempt, for the attempt history without loading the state document.
CREATE TABLE IF NOT EXISTS job_attempts
(
    tenant_id  text        NOT NULL,
    job_id     uuid        NOT NULL,
    attempt    integer     NOT NULL,  -- JobAttempt.Number, 1-based over the job's whole history
    started_at timestamptz NOT NULL,
    ended_at   timestamptz NULL,      -- NULL while the attempt runs
    result     text        NOT NULL,  -- AttemptResult name; 'Running' until the attempt ends
    error      text        NULL,
    silo       text        NOT NULL,  -- the silo whose executor ran it
    output     text        NULL,      -- tail of the handler's output
    PRIMARY KEY (tenant_id, job_id, attempt),
    -- Attempts belong to their job: deleting a job (retention) removes its history.
    FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, job_id) ON DELETE CASCADE
);

-- Idempotency keys a tenant has used, so a replayed submission finds its job and a reused key with a
-- different request is told apart. No foreign key to jobs on purpose: the key is recorded before the job
-- row may exist, and it is kept until it expires even if the job is purged sooner.
CREATE TABLE IF NOT EXISTS idempotency_keys
(
    tenant_id           text        NOT NULL,
    key                 text        NOT NULL,
    job_id              uuid        NOT NULL,
    request_fingerprint text        NULL,      -- hash of the original request; a replay must match it
    created_at          timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, key)
);

-- For the periodic purge: DELETE FROM idempotency_keys WHERE expires_at < now().
CREATE INDEX IF NOT EXISTS idempotency_keys_expires ON idempotency_keys (expires_at);
