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
        Assert.Equal(["sql/0001_orleans_query.sql", "sql/0002_orleans_clustering.sql", "sql/0003_orleans_persistence.sql", "sql/0004_orleans_reminders.sql", "sql/0005_jobs.sql", "sql/0006_job_wake_index.sql", "sql/0007_job_state_binary.sql", "sql/0008_job_payloads.sql", "sql/0009_audit_log.sql", "sql/0010_billing_usage.sql", "sql/0011_invoices.sql"], first);

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
    public async Task Migrate_ConcurrentRuns_ApplyEachScriptOnce()
    {
        await using var database = await PostgresDatabase.CreateAsync(migrate: false);
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => DatabaseMigrator.MigrateAsync(database.ConnectionString)));
        Assert.Equal(DatabaseMigrator.ScriptNames.Count, runs.Sum(r => r.Count));
        Assert.Equal(DatabaseMigrator.ScriptNames.Count, await database.ScalarAsync<long>("SELECT count(*) FROM schemaversions"));
    }
}
