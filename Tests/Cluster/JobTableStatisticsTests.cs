using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Storage;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Jobs;
using Orchestrator.Silo.Storage;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Cluster;

/// <summary>
/// A job store started on an empty database caches plans made for an empty <c>jobs</c> table; the key lookup's
/// plan then scans a tenant's whole list index for every read. <see cref="JobTableStatistics"/> analyzes the young
/// table as it grows, which re-plans the statements of every session.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class JobTableStatisticsTests
{
    private const string Lookup = """
        SELECT j.state, j.version, p.payload FROM jobs j LEFT JOIN job_payloads p USING (tenant_id, job_id)
        WHERE j.tenant_id = $1 AND j.job_id = $2
        """;

    [Fact]
    public async Task YoungTable_IsAnalyzedAsItGrows_SoACachedLookupPlanMovesToThePrimaryKey()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        var statistics = new JobTableStatistics(source, NullLogger<JobTableStatistics>.Instance, TimeProvider.System);

        // A session that prepared the lookup while the table was empty: after five runs PostgreSQL keeps a generic plan.
        await using var session = await source.OpenConnectionAsync();
        await Execute(session, $"PREPARE lookup(text, uuid) AS {Lookup}");
        for (var i = 0; i < 6; i++) await Execute(session, "EXECUTE lookup('t1', gen_random_uuid())");
        Assert.DoesNotContain("jobs_pkey", await Plan(session)); // the failure this class exists for
        Assert.False(await statistics.CheckOnceAsync(CancellationToken.None)); // nothing changed yet: no ANALYZE

        var store = new PostgresJobStore(source, new JobStateCodec(TestSerializers.Serializer<JobState>()),
            Microsoft.Extensions.Options.Options.Create(new JobOptions()), TimeProvider.System);
        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(_ => Insert(store)));

        // Table statistics reach pg_stat_user_tables when the writing sessions report them, within a few seconds.
        await Eventually.Until(() => statistics.CheckOnceAsync(CancellationToken.None), analyzed => analyzed == true,
            "the young jobs table is analyzed", TimeSpan.FromSeconds(30));
        Assert.Contains("jobs_pkey", await Plan(session));
        Assert.False(await statistics.CheckOnceAsync(CancellationToken.None)); // analyzed just now: not again

        // Once the table was analyzed at YoungRows rows, autovacuum's thresholds take over and the check stops.
        await Execute(session, $"""
            INSERT INTO jobs (tenant_id, job_id, status, queue, type, priority, run_at, created_at, updated_at, attempt,
                              max_attempts, correlation_id, state, version)
            SELECT 't2', gen_random_uuid(), 'Succeeded', 'q', 'noop', 0, now(), now(), now(), 1, 1, 'c', '\x00', 1
            FROM generate_series(1, {JobTableStatistics.YoungRows})
            """);
        await Execute(session, "ANALYZE jobs");
        Assert.Null(await statistics.CheckOnceAsync(CancellationToken.None));
        await store.DisposeAsync();
    }

    private static async Task Insert(PostgresJobStore store)
    {
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var state = new JobState
        {
            TenantId = "t1", Id = id, Type = "noop", Queue = "q", Status = JobStatus.Queued, CorrelationId = "c",
            CreatedAt = now, UpdatedAt = now, RunAt = now, MaxAttempts = 3, Payload = "{}",
        };
        await store.WriteStateAsync("job", GrainId.Create("job", $"t1/{id}"), new GrainState<JobState> { State = state });
    }

    private static async Task<string> Plan(NpgsqlConnection session)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN EXECUTE lookup('t1', gen_random_uuid())", session);
        await using var reader = await explain.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }

    private static async Task Execute(NpgsqlConnection session, string sql)
    {
        await using var command = new NpgsqlCommand(sql, session);
        await command.ExecuteNonQueryAsync();
    }
}
