using Npgsql;
using Orchestrator.Grains.Billing;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Silo.Storage;

/// <summary>
/// Cluster mode: usage counted from <c>jobs</c> and <c>job_attempts</c> (index range scans of one tenant and day,
/// sql/0010) and the <c>usage_daily</c> snapshot.
/// </summary>
public sealed class PostgresUsageStore(NpgsqlDataSource database) : IUsageStore
{
    public Task<UsageDay> CountDayAsync(string tenantId, DateOnly day, CancellationToken cancellationToken = default) => Guard(async () =>
    {
        await using var command = database.CreateCommand("""
            SELECT
                (SELECT count(*) FROM jobs WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3),
                count(*),
                count(*) FILTER (WHERE attempt > 1),
                count(*) FILTER (WHERE result IN ('Failed', 'TimedOut')),
                count(*) FILTER (WHERE dead_lettered),
                coalesce(sum((extract(epoch FROM ended_at - started_at) * 1000)::bigint) FILTER (WHERE ended_at IS NOT NULL), 0)
            FROM job_attempts WHERE tenant_id = $1 AND started_at >= $2 AND started_at < $3
            """);
        AddTenantAndRange(command, tenantId, BillingCalendar.StartOf(day), BillingCalendar.StartOf(day.AddDays(1)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new UsageDay
        {
            TenantId = tenantId,
            Day = day,
            JobsAccepted = reader.GetInt64(0),
            Executions = reader.GetInt64(1),
            Retries = reader.GetInt64(2),
            Failures = reader.GetInt64(3),
            DeadLetters = reader.GetInt64(4),
            ExecutionMilliseconds = reader.GetInt64(5),
        };
    });

    public Task<long> CountAcceptedAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) => Guard(async () =>
    {
        await using var command = database.CreateCommand("SELECT count(*) FROM jobs WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3");
        AddTenantAndRange(command, tenantId, from, to);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    });

    public Task<long> CountPendingAsync(string tenantId, CancellationToken cancellationToken = default) => Guard(async () =>
    {
        await using var command = database.CreateCommand("SELECT count(*) FROM jobs WHERE tenant_id = $1 AND status IN ('Scheduled', 'Queued', 'Retrying')");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    });

    /// <summary>
    /// The tenants come from a loose index scan of the jobs primary key (one probe per tenant, not a scan of its jobs);
    /// per tenant, the first attempt started and the first job created since come from the first entry of
    /// (tenant_id, started_at) and (tenant_id, created_at), and its running attempts from (tenant_id, status, ...).
    /// </summary>
    public Task<IReadOnlyList<UsageActivity>> ActivitySinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) => Guard(async () =>
    {
        await using var command = database.CreateCommand("""
            WITH RECURSIVE tenants (tenant_id) AS (
                (SELECT tenant_id FROM jobs ORDER BY tenant_id LIMIT 1)
                UNION ALL
                SELECT (SELECT j.tenant_id FROM jobs j WHERE j.tenant_id > t.tenant_id ORDER BY j.tenant_id LIMIT 1)
                FROM tenants t WHERE t.tenant_id IS NOT NULL),
            -- Materialized so the filter below reads each tenant's figures instead of probing for them again.
            activity AS MATERIALIZED (
                SELECT t.tenant_id,
                    least((SELECT min(a.started_at) FROM job_attempts a WHERE a.tenant_id = t.tenant_id AND a.started_at >= $1),
                          (SELECT min(j.created_at) FROM jobs j WHERE j.tenant_id = t.tenant_id AND j.created_at >= $1)) AS changed_from,
                    (SELECT min(a.started_at) FROM jobs j JOIN job_attempts a USING (tenant_id, job_id)
                     WHERE j.tenant_id = t.tenant_id AND j.status = 'Running' AND a.ended_at IS NULL) AS running_from
                FROM tenants t WHERE t.tenant_id IS NOT NULL)
            SELECT tenant_id, changed_from, running_from FROM activity WHERE changed_from IS NOT NULL OR running_from IS NOT NULL
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = since });
        var found = new List<UsageActivity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new UsageActivity(reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return (IReadOnlyList<UsageActivity>)found;
    });

    public Task SaveAsync(IReadOnlyList<UsageDay> days, CancellationToken cancellationToken = default) => Guard(async () =>
    {
        if (days.Count == 0) return 0;
        await using var command = database.CreateCommand("""
            INSERT INTO usage_daily (tenant_id, day, jobs_accepted, executions, retries, failures, dead_letters, execution_ms, counted_at)
            SELECT x.*, now() FROM unnest($1, $2, $3, $4, $5, $6, $7, $8) AS x
            ON CONFLICT (tenant_id, day) DO UPDATE SET jobs_accepted = excluded.jobs_accepted, executions = excluded.executions,
                retries = excluded.retries, failures = excluded.failures, dead_letters = excluded.dead_letters,
                execution_ms = excluded.execution_ms, counted_at = excluded.counted_at
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. days.Select(d => d.TenantId)] });
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = [.. days.Select(d => d.Day)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. days.Select(d => d.JobsAccepted)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. days.Select(d => d.Executions)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. days.Select(d => d.Retries)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. days.Select(d => d.Failures)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. days.Select(d => d.DeadLetters)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. days.Select(d => d.ExecutionMilliseconds)] });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    });

    public Task<IReadOnlyList<UsageDay>> ReadSavedAsync(string tenantId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) => Guard(async () =>
    {
        await using var command = database.CreateCommand("""
            SELECT day, jobs_accepted, executions, retries, failures, dead_letters, execution_ms FROM usage_daily
            WHERE tenant_id = $1 AND day >= $2 AND day <= $3 ORDER BY day
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
        var days = new List<UsageDay>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new UsageDay
            {
                TenantId = tenantId,
                Day = reader.GetFieldValue<DateOnly>(0),
                JobsAccepted = reader.GetInt64(1),
                Executions = reader.GetInt64(2),
                Retries = reader.GetInt64(3),
                Failures = reader.GetInt64(4),
                DeadLetters = reader.GetInt64(5),
                ExecutionMilliseconds = reader.GetInt64(6),
            });
        }
        return (IReadOnlyList<UsageDay>)days;
    });

    private static void AddTenantAndRange(NpgsqlCommand command, string tenantId, DateTimeOffset from, DateTimeOffset to)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to });
    }

    private static async Task<T> Guard<T>(Func<Task<T>> operation)
    {
        var result = default(T)!;
        await PostgresAvailability.Guard(async () => result = await operation(), "usage database");
        return result;
    }
}
