-- 0008: large payloads are stored once, here, instead of in the job row (issue: payload offload). A payload
-- larger than Orchestrator:Jobs:PayloadOffloadBytes (default 1 KiB) is written by the statement that creates the
-- job and never again: the job row's payload column is NULL and its state omits the payload, so the row that
-- every state change rewrites stays small. Reading the job joins it back.
CREATE TABLE IF NOT EXISTS job_payloads
(
    tenant_id text NOT NULL,
    job_id    uuid NOT NULL,
    -- Exactly the submitted JSON text (not jsonb): written once, read back byte for byte.
    payload   text NOT NULL,
    PRIMARY KEY (tenant_id, job_id),
    FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, job_id) ON DELETE CASCADE
);

-- NULL when the payload is in job_payloads.
ALTER TABLE jobs ALTER COLUMN payload DROP NOT NULL;
