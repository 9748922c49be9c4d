-- 0009: the audit log (issue 6). One row per state-changing API call or admin action: who, for which tenant,
-- what, when, how it ended. Append-only: written in batches by IAuditLogGrain (INSERT ... SELECT FROM unnest,
-- ON CONFLICT (id) DO NOTHING, so a retried batch adds nothing), never updated. No foreign keys: entries outlive
-- the tenants, users and jobs they name. Never holds request bodies, headers, query strings or secrets.
CREATE TABLE IF NOT EXISTS audit_log
(
    id             uuid        NOT NULL PRIMARY KEY,  -- UUIDv7: time-ordered, the tie-breaker of the list order
    at             timestamptz NOT NULL,              -- when the request arrived
    tenant_id      text        NULL,                  -- NULL: a platform-level action that concerns no tenant
    actor_kind     text        NOT NULL,              -- user | apikey | admin | anonymous
    actor_id       text        NULL,
    actor_name     text        NULL,                  -- a display name (email, key prefix), never a secret
    action         text        NOT NULL,              -- method + route pattern, e.g. 'POST /v1/jobs/{id}/cancel'
    target         text        NULL,                  -- the route's id value
    status         integer     NOT NULL,              -- the HTTP status sent
    outcome        text        NOT NULL,              -- succeeded (2xx/3xx) | denied (401/403) | failed
    correlation_id text        NULL
);

-- Lists are newest first with a keyset cursor (at, id), e.g.
--   WHERE tenant_id = @tenant [AND at >= @from] [AND at < @to] AND (at, id) < (@cursor_at, @cursor_id)
--   ORDER BY at DESC, id DESC LIMIT @limit
-- One tenant's log (what a tenant's admins see) and every tenant's (platform admins; also the retention purge,
-- DELETE ... WHERE at < @cutoff) are each a bounded index range scan.
CREATE INDEX IF NOT EXISTS audit_log_tenant_at
    ON audit_log (tenant_id, at DESC, id DESC);
CREATE INDEX IF NOT EXISTS audit_log_at
    ON audit_log (at DESC, id DESC);
