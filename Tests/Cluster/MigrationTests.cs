using Orchestrator.Silo.Migrations;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Cluster;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests
{
    [Fact]
    public async Task Migrate_FreshDatabase_AppliesEveryScriptInOrder_AndASecondRunIsANoOp()
    {
        await using var database = await PostgresDatabase.CreateAsync(migrate: false);

        var first = await DatabaseMigrator.MigrateAsync(database.ConnectionString);
        Assert.Equal(DatabaseMigrator.ScriptNames, first);
        Assert.Equal(["sql/0001_orleans_query.sql", "sql/0002_orleans_clustering.sql", "sql/0003_orleans_persistence.sql", "sql/0004_orleans_reminders.sql", "sql/0005_jobs.sql", "sql/0006_job_wake_index.sql", "sql/0007_job_state_binary.sql", "sql/0008_job_payloads.sql", "sql/0009_audit_log.sql", "sql/0010_billing_usage.sql", "sql/0011_invoices.sql", "sql/0012_job_list_indexes_ascending.sql"], first);

        var tables = await database.RowsAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
        var names = tables.Select(r => (string)r[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Superset(new HashSet<string>(["orleansquery", "orleans_membership", "orleans_membership_version", "orleans_storage", "orleans_reminders", "jobs", "job_attempts", "idempotency_keys", "job_payloads", "audit_log", "usage_daily", "subscriptions", "invoices", "invoice_lines", "schemaversions"], StringComparer.OrdinalIgnoreCase), names);
        var journal = await database.ScalarAsync<long>("SELECT count(*) FROM schemaversions");
        var queries = await database.ScalarAsync<long>("SELECT count(*) FROM OrleansQuery");

        var second = await DatabaseMigrator.MigrateAsync(database.ConnectionString);
        Assert.Empty(second);
        Assert.Equal(journal, await database.ScalarAsync<long>("SELECT count(*) FROM schemaversions"));
        Assert.Equal(queries, await database.ScalarAsync<long>("SELECT count(*) FROM OrleansQuery"));
    }

    [Fact]
    public async Task ListIndexes_AreAscending_AndAListPageReadsOneBackward_WithoutSorting()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var indexes = (await database.RowsAsync("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'jobs'"))
            .ToDictionary(r => (string)r[0], r => (string)r[1]);
        foreach (var name in (string[])["jobs_by_tenant", "jobs_by_tenant_status", "jobs_by_tenant_queue", "jobs_by_tenant_type"])
        {
            Assert.True(indexes.TryGetValue(name, out var definition), $"{name} is missing");
            Assert.DoesNotContain("DESC", definition);
        }
        Assert.DoesNotContain(indexes.Keys, k => k.EndsWith("_created", StringComparison.Ordinal));

        // Enough rows of two tenants that a sequential scan plus sort is not the cheaper plan.
        await database.RowsAsync("""
            INSERT INTO jobs (tenant_id, job_id, status, queue, type, priority, run_at, created_at, updated_at, attempt, max_attempts, correlation_id, payload, state, version)
            SELECT 't' || (i % 2), gen_random_uuid(), CASE WHEN i % 3 = 0 THEN 'Failed' ELSE 'Succeeded' END, 'default', 'noop', 0,
                   now(), now() + i * interval '1 ms', now(), 1, 3, 'c', 'null', '\x00', 1
            FROM generate_series(1, 20000) i
            """);
        await database.RowsAsync("ANALYZE jobs");
        var plan = string.Join("\n", (await database.RowsAsync("""
            EXPLAIN SELECT job_id FROM jobs WHERE tenant_id = 't1' AND status = 'Failed'
              AND (created_at, job_id) < (now() + interval '10 s', '00000000-0000-0000-0000-000000000000')
            ORDER BY created_at DESC, job_id DESC LIMIT 51
            """)).Select(r => (string)r[0]));
        Assert.Contains("Backward using jobs_by_tenant_status", plan);
        Assert.DoesNotContain("Sort", plan);
    }

    [Fact]
    public async Task Migrate_ConcurrentRuns_ApplyEachScriptOnce()
    {
        await using var database = await PostgresDatabase.CreateAsync(migrate: false);
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => DatabaseMigrator.MigrateAsync(database.ConnectionString)));
        Assert.Equal(DatabaseMigrator.ScriptNames.Count, runs.Sum(r => r.Count));
        Assert.Equal(DatabaseMigrator.ScriptNames.Count, await database.ScalarAsync<long>("SELECT count(*) FROM schemaversions"));
    }
}
