using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Orchestrator.Benchmarks.Postgres;

/// <summary>
/// The PostgreSQL single-row write limit of this machine, measured from the harness. <c>writers</c> connections share
/// <c>iterations</c> iterations; each iteration INSERTs one row with a 300-byte payload into a scratch table and then
/// UPDATEs that row's payload, each statement its own autocommit transaction: two single-row writes, two commits.
/// Statements are prepared once per connection (the cheapest a client can send them), over the same connection
/// settings (TLS, server) as the silos. The scratch table is dropped afterwards.
/// </summary>
public static class WriteLimit
{
    private const string Table = "bench_write_limit";
    private const int PayloadBytes = 300;

    /// <summary>Committed single-row statements and the time they took; stops early at <paramref name="timeLimit"/>.</summary>
    public static async Task<(long Statements, TimeSpan Elapsed)> MeasureAsync(string connectionString, int writers, int iterations, TimeSpan timeLimit)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = writers + 1 };
        await using var source = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var create = source.CreateCommand($"CREATE TABLE {Table} (id bigint PRIMARY KEY, payload text NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            long next = 0, statements = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
            {
                await using var connection = await source.OpenConnectionAsync();
                await using var insert = Prepared(connection, $"INSERT INTO {Table} (id, payload) VALUES ($1, $2)");
                await using var update = Prepared(connection, $"UPDATE {Table} SET payload = $2 WHERE id = $1");
                await insert.PrepareAsync();
                await update.PrepareAsync();
                long id;
                while ((id = Interlocked.Increment(ref next)) <= iterations && clock.Elapsed < timeLimit)
                {
                    insert.Parameters[0].Value = id;
                    insert.Parameters[1].Value = Payload(id, 'i');
                    await insert.ExecuteNonQueryAsync();
                    update.Parameters[0].Value = id;
                    update.Parameters[1].Value = Payload(id, 'u');
                    await update.ExecuteNonQueryAsync();
                    Interlocked.Add(ref statements, 2);
                }
            }));
            return (statements, clock.Elapsed);
        }
        finally
        {
            await using var drop = source.CreateCommand($"DROP TABLE IF EXISTS {Table}");
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static NpgsqlCommand Prepared(NpgsqlConnection connection, string sql) => new(sql, connection)
    {
        Parameters = { new() { NpgsqlDbType = NpgsqlDbType.Bigint }, new() { NpgsqlDbType = NpgsqlDbType.Text } },
    };

    private static string Payload(long id, char kind) => $"{kind}{id:D19}".PadRight(PayloadBytes, 'x');
}
