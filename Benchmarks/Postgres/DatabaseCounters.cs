using Npgsql;

namespace Orchestrator.Benchmarks.Postgres;

/// <summary>
/// Reads the bench database's counters over one connection held open for the whole measurement, so the harness's
/// own traffic is known exactly and can be taken out: each query it sends is one autocommit transaction, counted in
/// <see cref="DatabaseSnapshot.OwnCommits"/>, and carries the <c>/* bench-harness */</c> comment, which
/// <c>pg_stat_statements</c> keeps in its normalised text. (A pooled connection closed and reopened between queries
/// would add Npgsql's session reset to the counts.)
/// </summary>
public sealed class DatabaseCounters : IAsyncDisposable
{
    /// <summary>
    /// A backend publishes its statistics at most once a second; one that goes idle within a second of its last
    /// publication waits 10 s (PostgreSQL 15's idle stats interval). Wait this long after the work before reading
    /// <c>pg_stat_database</c>, or the silos' last transactions are missing.
    /// </summary>
    public static readonly TimeSpan StatisticsFlush = TimeSpan.FromSeconds(11);

    private const string Tag = "/* bench-harness */";
    private readonly NpgsqlConnection _connection;
    private long _ownCommits;

    private DatabaseCounters(NpgsqlConnection connection, string? statementsUnavailable)
    {
        _connection = connection;
        StatementsUnavailable = statementsUnavailable;
    }

    /// <summary>Why <c>pg_stat_statements</c> cannot be read in this database, or null when it can.</summary>
    public string? StatementsUnavailable { get; }

    /// <summary>
    /// Opens the connection and tries <c>CREATE EXTENSION IF NOT EXISTS pg_stat_statements</c> in the (throw-away)
    /// bench database. The extension only collects when the server preloads it; the server's configuration is
    /// never changed here.
    /// </summary>
    public static async Task<DatabaseCounters> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        string? unavailable = null;
        try
        {
            await using var create = new NpgsqlCommand($"{Tag} CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
            await create.ExecuteNonQueryAsync();
            // Reading the view is what fails when the library is not preloaded (a constant-false filter would skip it).
            await using var probe = new NpgsqlCommand($"{Tag} SELECT count(*) FROM pg_stat_statements", connection);
            await probe.ExecuteScalarAsync();
        }
        catch (PostgresException e)
        {
            unavailable = $"pg_stat_statements unavailable: {e.MessageText}";
        }
        return new DatabaseCounters(connection, unavailable);
    }

    /// <summary>The counters now. Call <see cref="StatisticsFlush"/> after the last work to be counted.</summary>
    public async Task<DatabaseSnapshot> SnapshotAsync()
    {
        var own = _ownCommits;
        long commits, inserted, updated, deleted;
        await using (var command = Command("SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (commits, inserted, updated, deleted) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }
        Dictionary<long, (string, long)>? statements = null;
        if (StatementsUnavailable is null)
        {
            statements = [];
            // Summed over roles: the silos and the harness connect as the same one, but a server may differ.
            await using var command = Command("""
                SELECT queryid, min(query), sum(calls)::bigint FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND queryid IS NOT NULL
                GROUP BY queryid
                """);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var query = reader.GetString(1);
                if (!query.Contains(Tag, StringComparison.Ordinal)) statements[reader.GetInt64(0)] = (query, reader.GetInt64(2));
            }
        }
        return new DatabaseSnapshot(commits, inserted, updated, deleted, own, statements);
    }

    /// <summary>Polls the <c>jobs</c> table until <paramref name="count"/> jobs have succeeded.</summary>
    public async Task WaitForSucceededAsync(long count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var poll = new Scenarios.CompletionPoll();
        while (true)
        {
            await using var command = Command("SELECT count(*) FROM jobs WHERE status = 'Succeeded'");
            var succeeded = (long)(await command.ExecuteScalarAsync())!;
            if (succeeded >= count) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Only {succeeded} of {count} jobs succeeded in {timeout}.");
            await Task.Delay(poll.NextDelay(succeeded, count));
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>A tagged command, counted as one of the harness's own transactions.</summary>
    private NpgsqlCommand Command(string sql)
    {
        _ownCommits++;
        return new NpgsqlCommand($"{Tag} {sql}", _connection);
    }
}
