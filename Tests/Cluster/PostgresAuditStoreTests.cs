using Npgsql;
using Orchestrator.Silo.Storage;
using Orchestrator.Tests.Audit;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Cluster;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditStoreTests
{
    [Fact]
    public async Task PostgresStore_KeepsTheAuditStoreContract()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        await AuditStoreContract.RunAsync(new PostgresAuditStore(source));
        // The retried batch added no rows: 14 entries, 14 rows.
        Assert.Equal(14L, await database.ScalarAsync<long>("SELECT count(*) FROM audit_log"));
    }
}
