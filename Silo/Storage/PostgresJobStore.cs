using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Jobs;
using Orchestrator.Grains.Storage;
using Orchestrator.Grains.WakeUps;

namespace Orchestrator.Silo.Storage;

/// <summary>
/// Cluster-mode job storage: each job grain's state is one row of <c>jobs</c> with real, indexed columns plus
/// the full state (binary, <see cref="JobStateCodec"/>), so every state change is one statement and job lists are keyset queries over the
/// same rows. Grain reads and writes go through a <see cref="StatementBatcher"/>: statements of concurrent grains
/// share one round trip and one commit, and each grain is answered only after that commit. The row's <c>version</c> is the ETag: a write names the version it read
/// and a stale writer changes nothing and gets <see cref="InconsistentStateException"/>. The same statement
/// upserts the latest attempt into <c>job_attempts</c> and, on creation, records the idempotency key. The row's
/// <c>wake_at</c> and <c>owner</c> columns are the durable wake-up index the wake shards read (sql/0006). A payload
/// above <see cref="JobOptions.PayloadOffloadBytes"/> is written once to <c>job_payloads</c> by the creating statement
/// and left out of the row and its state, so the row every state change rewrites stays small (sql/0008).
/// </summary>
public sealed class PostgresJobStore(NpgsqlDataSource database, JobStateCodec codec, IOptions<JobOptions> options, TimeProvider time)
    : IGrainStorage, IJobQueryStore, IJobWakeIndex, IAsyncDisposable
{
    private readonly int _offloadBytes = options.Value.PayloadOffloadBytes;

    /// <summary>Group commit of grain reads and writes: up to 4 batches in flight, 256 statements each.</summary>
    private readonly StatementBatcher _batcher = new(database, senders: 4, maxBatch: 256);

    /// <summary>How long an idempotency key is kept at least (the job row keeps it as long as the job exists).</summary>
    public static readonly TimeSpan IdempotencyKeyRetention = TimeSpan.FromHours(24);

    private const string Columns = "status, queue, type, priority, run_at, next_attempt_at, created_at, updated_at, attempt, max_attempts, correlation_id, idempotency_key, payload, result, last_error, tags, state, wake_at, owner";

    // Positional parameters ($n), not named ones: Npgsql rewrites a named statement's text on every execution,
    // which was a measurable share of a silo's CPU at a few thousand statements a second. $1-$17 are the same in
    // both statements; from $18 on each has its own (see WriteStateAsync).
    private const string InsertSql = $"""
        WITH j AS (
            INSERT INTO jobs (tenant_id, job_id, {Columns}, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $18, $9, $10, $11, $19, $20, $21, $12, $13, $14, $15, $16, $17, 1)
            ON CONFLICT (tenant_id, job_id) DO NOTHING
            RETURNING 1),
        k AS (
            INSERT INTO idempotency_keys (tenant_id, key, job_id, request_fingerprint, created_at, expires_at)
            SELECT $1, $20, $2, $22, $18, $23
            WHERE $20 IS NOT NULL AND EXISTS (SELECT 1 FROM j)
            ON CONFLICT (tenant_id, key) DO NOTHING),
        p AS (
            INSERT INTO job_payloads (tenant_id, job_id, payload)
            SELECT $1, $2, $24
            WHERE $24 IS NOT NULL AND EXISTS (SELECT 1 FROM j))
        SELECT count(*) FROM j
        """;

    private const string UpdateSql = """
        WITH j AS (
            UPDATE jobs SET status = $3, queue = $4, type = $5, priority = $6, run_at = $7,
                next_attempt_at = $8, updated_at = $9, attempt = $10, max_attempts = $11,
                result = $12, last_error = $13, tags = $14, state = $15,
                wake_at = $16, owner = $17, version = $18
            WHERE tenant_id = $1 AND job_id = $2 AND version = $19
            RETURNING 1),
        a AS (
            INSERT INTO job_attempts (tenant_id, job_id, attempt, started_at, ended_at, result, error, silo, output, dead_lettered)
            SELECT $1, $2, x.*
            FROM unnest($20::integer[], $21::timestamptz[], $22::timestamptz[], $23::text[], $24::text[], $25::text[], $26::text[], $27::boolean[]) AS x
            WHERE EXISTS (SELECT 1 FROM j)
            ON CONFLICT (tenant_id, job_id, attempt) DO UPDATE SET ended_at = excluded.ended_at, result = excluded.result,
                error = excluded.error, output = excluded.output, dead_lettered = excluded.dead_lettered)
        SELECT count(*) FROM j
        """;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Guard(async () =>
    {
        var state = AsJobState(grainState);
        var (tenant, job) = JobIds.ParseGrainKey(grainId.Key.ToString()!);
        var read = new NpgsqlBatchCommand("""
            SELECT j.state, j.version, p.payload FROM jobs j LEFT JOIN job_payloads p USING (tenant_id, job_id)
            WHERE j.tenant_id = $1 AND j.job_id = $2
            """);
        read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        read.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = job });
        if (await _batcher.QueryFirstRowAsync(read) is [byte[] stored, long version, var offloaded])
        {
            state.State = codec.Decode(stored);
            if (offloaded is string payload) state.State.Payload = payload;
            state.ETag = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            state.RecordExists = true;
        }
        else
        {
            state.State = new JobState();
            state.ETag = null;
            state.RecordExists = false;
        }
    });

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Guard(async () =>
    {
        var state = AsJobState(grainState);
        var s = state.State ?? throw new InvalidOperationException("Job state must not be null.");
        var expected = state.ETag is null ? (long?)null : long.Parse(state.ETag, System.Globalization.CultureInfo.InvariantCulture);
        var version = (expected ?? 0) + 1;

        var command = new NpgsqlBatchCommand(expected is null ? InsertSql : UpdateSql);
        var p = command.Parameters;
        // Payloads never change after submit: only the insert writes them, to the row or, when large, to job_payloads.
        var offload = Encoding.UTF8.GetByteCount(s.Payload) > _offloadBytes;
        p.Add(new NpgsqlParameter<string> { TypedValue = s.TenantId });                          // $1
        p.Add(new NpgsqlParameter<Guid> { TypedValue = s.Id });                                  // $2
        p.Add(new NpgsqlParameter<string> { TypedValue = s.Status.ToString() });                 // $3
        p.Add(new NpgsqlParameter<string> { TypedValue = s.Queue });                             // $4
        p.Add(new NpgsqlParameter<string> { TypedValue = s.Type });                              // $5
        p.Add(new NpgsqlParameter<int> { TypedValue = s.Priority });                             // $6
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = s.RunAt });                     // $7
        p.Add(Nullable(NpgsqlDbType.TimestampTz, s.NextAttemptAt));                              // $8
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = s.UpdatedAt });                 // $9
        p.Add(new NpgsqlParameter<int> { TypedValue = s.Attempt });                              // $10
        p.Add(new NpgsqlParameter<int> { TypedValue = s.MaxAttempts });                          // $11
        p.Add(Nullable(NpgsqlDbType.Jsonb, s.Result));                                           // $12
        p.Add(Nullable(NpgsqlDbType.Text, s.LastError));                                         // $13
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. s.Tags] });                       // $14
        p.Add(new NpgsqlParameter<byte[]> { TypedValue = offload ? EncodeWithoutPayload(s) : codec.Encode(s) }); // $15
        p.Add(Nullable(NpgsqlDbType.TimestampTz, s.WakeAt));                                     // $16
        p.Add(Nullable(NpgsqlDbType.Text, s.Owner));                                             // $17
        if (expected is null)
        {
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = s.CreatedAt });             // $18
            p.Add(new NpgsqlParameter<string> { TypedValue = s.CorrelationId });                 // $19
            p.Add(Nullable(NpgsqlDbType.Text, s.IdempotencyKey));                                // $20
            p.Add(Nullable(NpgsqlDbType.Jsonb, offload ? null : s.Payload));                     // $21
            p.Add(Nullable(NpgsqlDbType.Text, s.RequestFingerprint));                            // $22
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() + IdempotencyKeyRetention }); // $23
            p.Add(Nullable(NpgsqlDbType.Text, offload ? s.Payload : null));                      // $24
        }
        else
        {
            p.Add(new NpgsqlParameter<long> { TypedValue = version });                           // $18
            p.Add(new NpgsqlParameter<long> { TypedValue = expected.Value });                    // $19
            // The last two attempts: one write can end attempt n and start n + 1 (a lost lease re-run at once).
            var attempts = s.Attempts.Count <= 2 ? s.Attempts : s.Attempts.GetRange(s.Attempts.Count - 2, 2);
            p.Add(Array(NpgsqlDbType.Integer, attempts, a => a.Number));                         // $20
            p.Add(Array(NpgsqlDbType.TimestampTz, attempts, a => a.StartedAt));                  // $21
            p.Add(Array(NpgsqlDbType.TimestampTz, attempts, a => a.EndedAt));                    // $22
            p.Add(Array(NpgsqlDbType.Text, attempts, a => a.Result.ToString()));                 // $23
            p.Add(Array(NpgsqlDbType.Text, attempts, a => a.Error));                             // $24
            p.Add(Array(NpgsqlDbType.Text, attempts, a => a.Silo));                              // $25
            p.Add(Array(NpgsqlDbType.Text, attempts, a => a.Output));                            // $26
            p.Add(Array(NpgsqlDbType.Boolean, attempts, a => a.DeadLettered));                   // $27
        }

        var written = (long)(await _batcher.QueryFirstRowAsync(command))![0];
        if (written == 0)
        {
            throw new InconsistentStateException($"Job {s.TenantId}/{s.Id} was written by another activation.", "(newer)", state.ETag ?? "(none)");
        }
        state.ETag = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        state.RecordExists = true;
    });

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Guard(async () =>
    {
        var state = AsJobState(grainState);
        var (tenant, job) = JobIds.ParseGrainKey(grainId.Key.ToString()!);
        await using var command = database.CreateCommand("DELETE FROM jobs WHERE tenant_id = $1 AND job_id = $2 AND version = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = job });
        command.Parameters.Add(new NpgsqlParameter { Value = long.Parse(state.ETag ?? "0", System.Globalization.CultureInfo.InvariantCulture) });
        if (await command.ExecuteNonQueryAsync() == 0 && state.ETag is not null)
        {
            throw new InconsistentStateException($"Job {tenant}/{job} was written by another activation.", "(newer)", state.ETag);
        }
        state.ETag = null;
        state.RecordExists = false;
    });

    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        var limit = Math.Clamp(query.Limit, 1, JobQuery.MaxLimit);
        var sql = new System.Text.StringBuilder(
            "SELECT job_id, type, queue, priority, status, attempt, max_attempts, run_at, created_at, updated_at, last_error, correlation_id, tags FROM jobs WHERE tenant_id = @tenant");
        await using var command = database.CreateCommand();
        command.Parameters.AddWithValue("tenant", query.TenantId);
        if (query.Status is { } status) { sql.Append(" AND status = @status"); command.Parameters.AddWithValue("status", status.ToString()); }
        if (query.Queue is { } queue) { sql.Append(" AND queue = @queue"); command.Parameters.AddWithValue("queue", queue); }
        if (query.Type is { } type) { sql.Append(" AND type = @type"); command.Parameters.AddWithValue("type", type); }
        if (query.Tag is { } tag) { sql.Append(" AND @tag = ANY(tags)"); command.Parameters.AddWithValue("tag", tag); }
        if (query.From is { } from) { sql.Append(" AND created_at >= @from"); command.Parameters.AddWithValue("from", from); }
        if (query.To is { } to) { sql.Append(" AND created_at < @to"); command.Parameters.AddWithValue("to", to); }
        if (query.After is { } after)
        {
            sql.Append(" AND (created_at, job_id) < (@after_created, @after_job)");
            command.Parameters.AddWithValue("after_created", after.CreatedAt);
            command.Parameters.AddWithValue("after_job", after.JobId);
        }
        sql.Append(" ORDER BY created_at DESC, job_id DESC LIMIT @limit");
        command.Parameters.AddWithValue("limit", limit + 1);
        command.CommandText = sql.ToString();

        var items = new List<JobSummary>(limit + 1);
        await Guard(async () =>
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new JobSummary
                {
                    Id = reader.GetGuid(0),
                    Type = reader.GetString(1),
                    Queue = reader.GetString(2),
                    Priority = reader.GetInt32(3),
                    Status = Enum.Parse<JobStatus>(reader.GetString(4)),
                    Attempt = reader.GetInt32(5),
                    MaxAttempts = reader.GetInt32(6),
                    RunAt = reader.GetFieldValue<DateTimeOffset>(7),
                    CreatedAt = reader.GetFieldValue<DateTimeOffset>(8),
                    UpdatedAt = reader.GetFieldValue<DateTimeOffset>(9),
                    LastError = reader.IsDBNull(10) ? null : reader.GetString(10),
                    CorrelationId = reader.GetString(11),
                    Tags = reader.GetFieldValue<string[]>(12),
                });
            }
        });
        JobCursor? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            next = new JobCursor(items[^1].CreatedAt, items[^1].Id);
        }
        return new JobPage(items, next);
    }

    public async Task<Dictionary<JobStatus, long>> CountByStatusAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<JobStatus, long>();
        await Guard(async () =>
        {
            // An index-only scan of (tenant_id, status, ...): fine for polling, not for every metrics scrape of a huge table.
            await using var command = database.CreateCommand("SELECT status, count(*) FROM jobs WHERE tenant_id = $1 GROUP BY status");
            command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) counts[Enum.Parse<JobStatus>(reader.GetString(0))] = reader.GetInt64(1);
        });
        return counts;
    }

    public async Task<IReadOnlyList<Grains.Interfaces.Queues.QueueStats>> TenantQueuesAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var rows = new List<(string Queue, JobStatus Status, long Count, DateTimeOffset? Oldest)>();
        await Guard(async () =>
        {
            await using var command = database.CreateCommand(
                "SELECT queue, status, count(*), min(updated_at) FROM jobs WHERE tenant_id = $1 AND status = ANY($2) GROUP BY queue, status");
            command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. QueueDepth.States.Select(s => s.ToString())] });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), Enum.Parse<JobStatus>(reader.GetString(1)), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }
        });
        return rows.GroupBy(r => r.Queue).Select(g => new Grains.Interfaces.Queues.QueueStats(g.Key, g.ToDictionary(r => r.Status, r => r.Count),
            g.Where(r => r.Status == JobStatus.Queued).Select(r => r.Oldest).FirstOrDefault())).ToList();
    }

    public async Task<IReadOnlyList<QueueDepth>> QueueDepthsAsync(CancellationToken cancellationToken = default)
    {
        var depths = new List<QueueDepth>();
        await Guard(async () =>
        {
            // A scan of the table; IQueueDepthGrain caches the answer, so it runs once per refresh period, not per scrape.
            await using var command = database.CreateCommand("SELECT queue, status, count(*) FROM jobs WHERE status = ANY($1) GROUP BY queue, status");
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. QueueDepth.States.Select(s => s.ToString())] });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                depths.Add(new QueueDepth(reader.GetString(0), Enum.Parse<JobStatus>(reader.GetString(1)), reader.GetInt64(2)));
            }
        });
        return depths;
    }

    public async Task<IReadOnlyList<WakeEntry>> DueAsync(int shard, DateTimeOffset until, WakeEntry? after, int limit, CancellationToken cancellationToken = default)
    {
        var entries = new List<WakeEntry>();
        await Guard(async () =>
        {
            await using var command = database.CreateCommand(after is null
                ? "SELECT tenant_id, job_id, wake_at FROM jobs WHERE wake_shard = $1 AND wake_at <= $2 ORDER BY wake_at, tenant_id, job_id LIMIT $3"
                : "SELECT tenant_id, job_id, wake_at FROM jobs WHERE wake_shard = $1 AND wake_at <= $2 AND (wake_at, tenant_id, job_id) > ($4, $5, $6) ORDER BY wake_at, tenant_id, job_id LIMIT $3");
            command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)shard });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = until });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
            if (after is { } position)
            {
                var (tenant, job) = JobIds.ParseGrainKey(position.JobKey);
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = position.WakeAt });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = job });
            }
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(new WakeEntry(JobIds.GrainKey(reader.GetString(0), reader.GetGuid(1)), reader.GetFieldValue<DateTimeOffset>(2)));
            }
        });
        return entries;
    }

    public async Task<IReadOnlyList<string>> OrphansAsync(int shard, IReadOnlyCollection<string> liveOwners, int limit, CancellationToken cancellationToken = default)
    {
        var keys = new List<string>();
        await Guard(async () =>
        {
            await using var command = database.CreateCommand(
                "SELECT tenant_id, job_id FROM jobs WHERE wake_shard = $1 AND owner IS NOT NULL AND owner <> ALL($2) LIMIT $3");
            command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)shard });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. liveOwners] });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) keys.Add(JobIds.GrainKey(reader.GetString(0), reader.GetGuid(1)));
        });
        return keys;
    }

    public ValueTask DisposeAsync() => _batcher.DisposeAsync();

    /// <summary>The state without its payload, which lives in job_payloads (the grain awaits this write, so the swap is unseen).</summary>
    private byte[] EncodeWithoutPayload(JobState state)
    {
        var payload = state.Payload;
        state.Payload = "";
        try
        {
            return codec.Encode(state);
        }
        finally
        {
            state.Payload = payload;
        }
    }

    private static NpgsqlParameter Nullable(NpgsqlDbType type, object? value) =>
        new() { NpgsqlDbType = type, Value = value ?? DBNull.Value };

    private static NpgsqlParameter Array(NpgsqlDbType elementType, List<JobAttempt> attempts, Func<JobAttempt, object?> field)
    {
        var values = new object[attempts.Count];
        for (var i = 0; i < values.Length; i++) values[i] = field(attempts[i]) ?? DBNull.Value;
        return new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | elementType, Value = values };
    }

    /// <summary>Turns "the database cannot be reached" into the domain's <see cref="StorageUnavailableException"/> (503, retry later).</summary>
    private static Task Guard(Func<Task> operation) => PostgresAvailability.Guard(operation, "job database");

    private static IGrainState<JobState> AsJobState<T>(IGrainState<T> grainState) =>
        grainState as IGrainState<JobState>
        ?? throw new InvalidOperationException($"The '{JobStorage.Name}' storage holds only {nameof(JobState)}, not {typeof(T).Name}.");
}
