using Npgsql;
using Orchestrator.Silo.Storage;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Cluster;

/// <summary>Group commit: concurrent statements share batches, each caller gets its own result, and a faulty statement fails alone.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StatementBatcherTests
{
    [Fact]
    public async Task ConcurrentStatements_EachGetTheirOwnResult_AndAFaultyOneFailsAlone()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        await using (var create = source.CreateCommand("CREATE TABLE batched (n integer PRIMARY KEY)")) await create.ExecuteNonQueryAsync();
        await using var batcher = new StatementBatcher(source, senders: 1, maxBatch: 64);

        // 200 inserts at once (one sender, so most share a batch), one of which divides by zero.
        var statements = Enumerable.Range(0, 200).Select(n =>
        {
            var insert = new NpgsqlBatchCommand(n == 57 ? "INSERT INTO batched VALUES (1 / 0) RETURNING n" : "INSERT INTO batched VALUES ($1) RETURNING n * 10");
            if (n != 57) insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = n });
            return batcher.QueryFirstRowAsync(insert);
        }).ToList();

        var faulty = await Assert.ThrowsAsync<PostgresException>(() => statements[57]);
        Assert.Equal("22012", faulty.SqlState); // division_by_zero
        for (var n = 0; n < 200; n++)
        {
            if (n != 57) Assert.Equal(n * 10, (int)(await statements[n])![0]);
        }
        Assert.Equal(199L, await database.ScalarAsync<long>("SELECT count(*) FROM batched"));
        Assert.Null(await batcher.QueryFirstRowAsync(new NpgsqlBatchCommand("SELECT n FROM batched WHERE n < 0")));
    }
}
