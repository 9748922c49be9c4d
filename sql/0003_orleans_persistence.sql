-- 0003: grain state for Microsoft.Orleans.Persistence.AdoNet 10.4.2 (AddAdoNetGrainStorage, invariant "Npgsql").
--
-- One row per (service, state name, grain key). Orleans hands us the key already split:
--   GrainIdN0/N1       the two halves of a Guid key, or (0, the number) for an integer key, (0, 0) for a string key;
--   GrainIdExtension   the extension of a compound key, or the whole key of a string-keyed grain, else NULL;
--   GrainTypeString    the STATE NAME ("state" for Grain<T>, the name in [PersistentState("name")]), not the
--                      grain class: two grain classes with the same key and state name on one provider share a row;
--   GrainIdHash        a hash of the key (Orleans computes it; we only store and compare it).
-- version is the ETag. Every write names the version it read; a stale one changes nothing and Orleans
-- throws InconsistentStateException.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    grain_id_hash      integer     NOT NULL,  -- leads the index: narrow and selective even for string keys
    service_id         text        NOT NULL,  -- ClusterOptions.ServiceId
    state_name         text        NOT NULL,  -- GrainTypeString, see above
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    grain_id_extension text        NULL,
    payload            bytea       NULL,      -- serialized state (UTF-8 JSON by default); NULL once cleared
    version            integer     NOT NULL,  -- the ETag; kept through a clear so a stale writer still fails
    modified_at        timestamptz NOT NULL DEFAULT now()  -- for people; Orleans never reads it
);

-- The identity. Unlike the reference script this is unique, so two racing first writes cannot both insert:
-- the loser's insert does nothing and it gets a conflict. NULLS NOT DISTINCT (PostgreSQL 15) makes a NULL
-- extension count as one value. Hashes collide, so every other identity column is part of the key.
-- Limit: an index entry holds at most about 2.7 kB, so string grain keys must stay well below that.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_storage_identity
    ON orleans_storage (grain_id_hash, service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension)
    NULLS NOT DISTINCT;

-- WriteToStorageKey. Returns the new version, or NULL when the write was refused (Orleans then throws
-- InconsistentStateException):
--   p_expected_version NULL  -> first write: insert version 1 unless a row already exists;
--   otherwise                -> replace the payload only where the stored version equals the expected one.
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_grain_id_hash    integer,
    p_service_id       text,
    p_state_name       text,
    p_grain_id_n0      bigint,
    p_grain_id_n1      bigint,
    p_extension        text,
    p_expected_version integer,
    p_payload          bytea)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        INSERT INTO orleans_storage
            (grain_id_hash, service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
        VALUES
            (p_grain_id_hash, p_service_id, p_state_name, p_grain_id_n0, p_grain_id_n1, p_extension, p_payload, 1)
        ON CONFLICT DO NOTHING
        RETURNING version INTO new_version;
    ELSE
        UPDATE orleans_storage s
        SET payload     = p_payload,
            -- Wrap instead of overflowing: Orleans only compares ETags for equality.
            version     = CASE WHEN s.version = 2147483647 THEN 1 ELSE s.version + 1 END,
            modified_at = now()
        WHERE s.grain_id_hash = p_grain_id_hash
          AND s.service_id = p_service_id
          AND s.state_name = p_state_name
          AND s.grain_id_n0 = p_grain_id_n0
          AND s.grain_id_n1 = p_grain_id_n1
          AND s.grain_id_extension IS NOT DISTINCT FROM p_extension
          AND s.version = p_expected_version
        RETURNING s.version INTO new_version;
    END IF;

    RETURN new_version;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- No row: a fresh state. A row with a NULL payload: cleared, but its version is still the ETag.
('ReadFromStorageKey', $$
SELECT payload AS "PayloadBinary",
       version AS "Version"
FROM orleans_storage
WHERE grain_id_hash = @GrainIdHash
  AND service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
$$),

('WriteToStorageKey', $$
SELECT orleans_storage_write(
    @GrainIdHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
    @GrainStateVersion, @PayloadBinary) AS "NewGrainStateVersion"
$$),

-- ClearStateAsync (default): keep the row with a NULL payload and a new version, so the version history
-- survives and a writer holding an older ETag is still refused. No row back = conflict.
('ClearStorageKey', $$
UPDATE orleans_storage
SET payload     = NULL,
    version     = CASE WHEN version = 2147483647 THEN 1 ELSE version + 1 END,
    modified_at = now()
WHERE grain_id_hash = @GrainIdHash
  AND service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion"
$$),

-- ClearStateAsync with DeleteStateOnClear = true (optional key): remove the row. Orleans only needs a
-- non-NULL value different from the ETag it sent, and resets its ETag to null afterwards.
('DeleteStorageKey', $$
DELETE FROM orleans_storage
WHERE grain_id_hash = @GrainIdHash
  AND service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING CASE WHEN version = 2147483647 THEN 1 ELSE version + 1 END AS "NewGrainStateVersion"
$$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
