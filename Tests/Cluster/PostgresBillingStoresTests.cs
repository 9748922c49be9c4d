using Npgsql;
using Orchestrator.Grains.Billing;
using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Silo.Storage;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Cluster;

/// <summary>
/// The billing stores on a database built from sql/: which tenants the usage flush recounts, and the
/// <c>subscriptions</c> mirror of a tenant's plan changes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBillingStoresTests
{
    private static readonly DateTimeOffset Since = new(2026, 11, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task UsageActivity_NamesTenantsWithJobsCreatedOrAttemptsStartedSince_OrAttemptsStillRunning()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        await AddJobAsync(source, "quiet", "Succeeded", Since.AddHours(-1), (Since.AddHours(-1), Since.AddHours(-1).AddSeconds(1), "Succeeded"));
        await AddJobAsync(source, "created", "Scheduled", Since.AddMinutes(1));
        await AddJobAsync(source, "started", "Succeeded", Since.AddDays(-1),
            (Since.AddDays(-1), Since.AddDays(-1).AddSeconds(1), "Failed"), (Since.AddMinutes(2), Since.AddMinutes(3), "Succeeded"));
        await AddJobAsync(source, "running", "Running", Since.AddHours(-2), (Since.AddHours(-2), null, "Running"));

        var activity = (await new PostgresUsageStore(source).ActivitySinceAsync(Since)).OrderBy(a => a.TenantId, StringComparer.Ordinal).ToArray();

        Assert.Equal(
            [
                new UsageActivity("created", Since.AddMinutes(1), null),
                new UsageActivity("running", null, Since.AddHours(-2)),
                new UsageActivity("started", Since.AddMinutes(2), null),
            ],
            activity);
    }

    [Fact]
    public async Task SubscriptionMirror_WritesEachPlanChange_AndTouchesNoOtherTenant()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        var store = new PostgresSubscriptionStore(source);
        var free = new Subscription { TenantId = "acme", Plan = "free", StartsAt = Since.AddDays(-30), ChangedBy = "system" };
        await store.SaveAsync("other", [free with { TenantId = "other" }]);
        await store.SaveAsync("acme", [free]);
        Assert.Equal(["free|(open)|system"], await RowsAsync(database, "acme"));

        // An upgrade ends the previous subscription where the new one starts.
        var pro = new Subscription { TenantId = "acme", Plan = "pro", StartsAt = Since, ChangedBy = "admin@example.test" };
        await store.SaveAsync("acme", [free with { EndsAt = Since }, pro]);
        Assert.Equal([$"free|{Since:O}|system", "pro|(open)|admin@example.test"], await RowsAsync(database, "acme"));

        // A change replacing one that started the same instant rewrites that row; one removed from the history goes.
        await store.SaveAsync("acme", [free with { EndsAt = Since }, pro with { Plan = "enterprise" }]);
        Assert.Equal([$"free|{Since:O}|system", "enterprise|(open)|admin@example.test"], await RowsAsync(database, "acme"));
        await store.SaveAsync("acme", [pro with { StartsAt = Since.AddDays(-30) }]);
        Assert.Equal(["pro|(open)|admin@example.test"], await RowsAsync(database, "acme"));

        Assert.Equal(["free|(open)|system"], await RowsAsync(database, "other"));
    }

    private static async Task<string[]> RowsAsync(PostgresDatabase database, string tenantId) =>
        [.. (await database.RowsAsync($"SELECT plan, ends_at, changed_by FROM subscriptions WHERE tenant_id = '{tenantId}' ORDER BY starts_at"))
            .Select(r => $"{r[0]}|{(r[1] is DateTime end ? new DateTimeOffset(end, TimeSpan.Zero).ToString("O") : "(open)")}|{r[2]}")];

    /// <summary>A job row with its attempts (start, end, result), written as the job store would leave them.</summary>
    private static async Task AddJobAsync(NpgsqlDataSource source, string tenantId, string status, DateTimeOffset createdAt,
        params (DateTimeOffset Started, DateTimeOffset? Ended, string Result)[] attempts)
    {
        var jobId = Guid.NewGuid();
        await using var job = source.CreateCommand("""
            INSERT INTO jobs (tenant_id, job_id, status, queue, type, priority, run_at, created_at, updated_at, attempt, max_attempts,
                              correlation_id, payload, state, version)
            VALUES ($1, $2, $3, 'default', 'noop', 0, $4, $4, $4, $5, 3, 'test', '{}', '\x00', 1)
            """);
        job.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        job.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = jobId });
        job.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
        job.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = createdAt });
        job.Parameters.Add(new NpgsqlParameter<int> { TypedValue = attempts.Length });
        await job.ExecuteNonQueryAsync();
        for (var i = 0; i < attempts.Length; i++)
        {
            await using var attempt = source.CreateCommand("""
                INSERT INTO job_attempts (tenant_id, job_id, attempt, started_at, ended_at, result, silo) VALUES ($1, $2, $3, $4, $5, $6, 'silo')
                """);
            attempt.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
            attempt.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = jobId });
            attempt.Parameters.Add(new NpgsqlParameter<int> { TypedValue = i + 1 });
            attempt.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = attempts[i].Started });
            attempt.Parameters.Add(new NpgsqlParameter { Value = attempts[i].Ended is { } ended ? ended : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            attempt.Parameters.Add(new NpgsqlParameter<string> { TypedValue = attempts[i].Result });
            await attempt.ExecuteNonQueryAsync();
        }
    }
}
