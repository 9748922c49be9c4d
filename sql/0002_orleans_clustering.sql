-- 0002: cluster membership for Microsoft.Orleans.Clustering.AdoNet 10.4.2 (invariant "Npgsql").
--
-- Silos (UseAdoNetClustering) read and write these tables; clients and gateways (the client-side
-- UseAdoNetClustering) only run GatewaysQueryKey, but they still load and check all nine required keys.
-- DeploymentId in every query is ClusterOptions.ClusterId.
--
-- Version model: one counter per cluster. Orleans reads it with every membership read, sends it back as
-- the version it expects, and a membership insert or update succeeds only if it still matches; success
-- bumps it by one. Heartbeats and clean-ups never touch it. Orleans opens no transaction, so each
-- multi-step write below is one function call (one statement, hence atomic).

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id text        NOT NULL PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()  -- last bump; for people, Orleans never reads it
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    -- ON DELETE CASCADE: removing a cluster's version row (DeleteMembershipTableEntriesKey) takes its
    -- silos with it in one statement.
    deployment_id   text        NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,  -- silo IP address as text
    port            integer     NOT NULL,  -- silo-to-silo port
    generation      integer     NOT NULL,  -- tells restarts of a silo on the same endpoint apart
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,  -- SiloStatus: 1 Created, 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead
    proxy_port      integer     NOT NULL,  -- gateway port for clients; 0 when the silo is no gateway
    suspect_times   text        NULL,      -- suspicion votes in Orleans' own text format; only Orleans parses it
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,  -- last heartbeat
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- InsertMembershipKey: add a silo, only if the caller saw the current version and the silo is not there yet.
-- Returns 1 on success, 0 (with nothing changed) otherwise.
CREATE OR REPLACE FUNCTION orleans_membership_add(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_silo_name        text,
    p_host_name        text,
    p_status           integer,
    p_proxy_port       integer,
    p_start_time       timestamptz,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    current_version integer;
BEGIN
    -- Locking the version row queues every membership write of the cluster here, so nothing can change
    -- between this check and the writes below. The checks come before any write: a refusal has nothing to
    -- undo (no reliance on ASSERT or exception blocks).
    SELECT v.version INTO current_version
    FROM orleans_membership_version v
    WHERE v.deployment_id = p_deployment_id
    FOR UPDATE;

    -- IS DISTINCT FROM also refuses a NULL expected version. At int32 max we refuse rather than overflow.
    IF NOT FOUND OR current_version IS DISTINCT FROM p_expected_version OR current_version = 2147483647 THEN
        RETURN 0;
    END IF;

    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         suspect_times, start_time, i_am_alive_time)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
         NULL, p_start_time, p_i_am_alive_time)
    ON CONFLICT (deployment_id, address, port, generation) DO NOTHING;

    IF NOT FOUND THEN
        RETURN 0;  -- this silo already has a row
    END IF;

    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id;

    RETURN 1;
END
$$;

-- UpdateMembershipKey: change a silo's status and suspicions, only if the caller saw the current version.
-- Returns 1 on success, 0 (with nothing changed) otherwise.
CREATE OR REPLACE FUNCTION orleans_membership_change(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_status           integer,
    p_suspect_times    text,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    current_version integer;
BEGIN
    -- Same lock-then-check order as orleans_membership_add.
    SELECT v.version INTO current_version
    FROM orleans_membership_version v
    WHERE v.deployment_id = p_deployment_id
    FOR UPDATE;

    IF NOT FOUND OR current_version IS DISTINCT FROM p_expected_version OR current_version = 2147483647 THEN
        RETURN 0;
    END IF;

    UPDATE orleans_membership m
    SET status          = p_status,
        suspect_times   = p_suspect_times,
        -- A heartbeat may have landed after the caller read the row: never move the time backwards.
        i_am_alive_time = greatest(m.i_am_alive_time, p_i_am_alive_time)
    WHERE m.deployment_id = p_deployment_id
      AND m.address = p_address
      AND m.port = p_port
      AND m.generation = p_generation;

    IF NOT FOUND THEN
        RETURN 0;  -- no such silo
    END IF;

    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id;

    RETURN 1;
END
$$;

-- The query texts. Result columns are aliased to the names Orleans reads.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Create the cluster's version row (version 0) if missing. Always one row: 1 if created, 0 if it existed.
('InsertMembershipVersionKey', $$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id)
    VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT count(*)::integer AS created FROM created
$$),

-- Every silo of the cluster plus the version. The outer join keeps one row (member columns NULL) when the
-- cluster has no silo yet: Orleans needs at least one row to learn the version.
('MembershipReadAllKey', $$
SELECT m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime",
       v.version         AS "Version"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$$),

-- One silo plus the version; the version row comes back even when the silo has no row.
('MembershipReadRowKey', $$
SELECT m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime",
       v.version         AS "Version"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$$),

('InsertMembershipKey', $$
SELECT orleans_membership_add(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
    @StartTime, @IAmAliveTime, @Version) AS done
$$),

('UpdateMembershipKey', $$
SELECT orleans_membership_change(
    @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version) AS done
$$),

-- Heartbeat: no version check and no version bump; never moves the time backwards.
('UpdateIAmAlivetimeKey', $$
UPDATE orleans_membership
SET i_am_alive_time = greatest(i_am_alive_time, @IAmAliveTime)
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation
$$),

-- Gateways for clients: active silos that listen for clients (Orleans passes Status = 3, Active).
('GatewaysQueryKey', $$
SELECT address    AS "Address",
       proxy_port AS "ProxyPort",
       generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = @Status
  AND proxy_port > 0
$$),

-- Forget a whole cluster (tests and tooling only); the foreign key cascades to its silos.
('DeleteMembershipTableEntriesKey', $$
DELETE FROM orleans_membership_version
WHERE deployment_id = @DeploymentId
$$),

-- Bulk clean-up, used by Orleans only when CleanupDefunctSiloEntryKey is absent (it is present below).
-- Removes silos declared Dead whose start and last heartbeat are both older than the cutoff.
-- The version is left alone: dead rows are no longer part of any membership decision.
('CleanupDefunctSiloEntriesKey', $$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND start_time < @IAmAliveTime
  AND i_am_alive_time < @IAmAliveTime
$$),

-- Per-silo clean-up (optional key; its presence makes Orleans 10.4.2 use it instead of the bulk one).
-- Orleans picks the defunct silos from a membership read and passes the values it saw; the row goes only
-- if it is still Dead and unchanged since then. NULL and empty suspicions count as equal.
('CleanupDefunctSiloEntryKey', $$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND i_am_alive_time = @IAmAliveTime
  AND coalesce(suspect_times, '') = coalesce(@SuspectTimes, '')
$$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
