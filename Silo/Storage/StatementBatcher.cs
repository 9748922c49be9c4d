using System.Threading.Channels;
using Npgsql;

namespace Orchestrator.Silo.Storage;

/// <summary>
/// Group commit for the job store: statements handed in by many grains at once go to PostgreSQL together, as one
/// <see cref="NpgsqlBatch"/> (one round trip, one implicit transaction, so one commit and one WAL flush for all of
/// them). Each caller still awaits its own statement's result, which is only given out once the batch has
/// committed, so nothing is acknowledged that is not durable. Under light load a statement goes out alone at once
/// (no waiting to fill a batch); batches form while earlier ones are in flight.
/// <para>
/// One failing statement rolls back its whole batch (an implicit transaction), so after a statement error every
/// statement of that batch is run again on its own and only the faulty one fails. A connection-level failure
/// fails the whole batch: none of it committed, and the callers see the store as unavailable.
/// </para>
/// </summary>
public sealed class StatementBatcher : IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;
    private readonly int _maxBatch;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _senders;

    /// <param name="database">Where the statements go.</param>
    /// <param name="senders">Batches in flight at once (each holds one connection while it runs).</param>
    /// <param name="maxBatch">Most statements in one batch.</param>
    public StatementBatcher(NpgsqlDataSource database, int senders, int maxBatch)
    {
        _database = database;
        _maxBatch = maxBatch;
        _senders = [.. Enumerable.Range(0, senders).Select(_ => Task.Run(SendAsync))];
    }

    /// <summary>Runs the statement in the next batch and returns its first row (null if it returned none) once the batch committed.</summary>
    public Task<object[]?> QueryFirstRowAsync(NpgsqlBatchCommand statement)
    {
        var pending = new Pending(statement, new TaskCompletionSource<object[]?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(StatementBatcher));
        return pending.Result.Task;
    }

    private async Task SendAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _pending.Reader.TryRead(out var next)) batch.Add(next);
            if (batch.Count > 0) await RunAsync(batch);
        }
    }

    private async Task RunAsync(List<Pending> batch)
    {
        try
        {
            var results = await ExecuteAsync(batch);
            for (var i = 0; i < batch.Count; i++) batch[i].Result.TrySetResult(results[i]);
        }
        catch (PostgresException) when (batch.Count > 1)
        {
            // A statement error rolled back the whole batch: run each statement alone so only the faulty one fails.
            foreach (var pending in batch) await RunAsync([pending with { Statement = Detached(pending.Statement) }]);
        }
        catch (Exception e)
        {
            foreach (var pending in batch) pending.Result.TrySetException(e);
        }
    }

    private async Task<object[]?[]> ExecuteAsync(List<Pending> batch)
    {
        var results = new object[]?[batch.Count];
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlBatch(connection);
        foreach (var pending in batch) command.BatchCommands.Add(pending.Statement);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            var i = 0;
            do
            {
                if (await reader.ReadAsync())
                {
                    var row = new object[reader.FieldCount];
                    reader.GetValues(row);
                    results[i] = row;
                }
                i++;
            }
            while (await reader.NextResultAsync());
        }
        // The reader is done only when the server confirmed the batch's implicit transaction: now it is durable.
        return results;
    }

    /// <summary>A statement belongs to the batch it ran in; a retried one is copied into a fresh command.</summary>
    private static NpgsqlBatchCommand Detached(NpgsqlBatchCommand statement)
    {
        var copy = new NpgsqlBatchCommand(statement.CommandText);
        foreach (NpgsqlParameter parameter in statement.Parameters) copy.Parameters.Add(parameter.Clone());
        return copy;
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await Task.WhenAll(_senders);
    }

    private sealed record Pending(NpgsqlBatchCommand Statement, TaskCompletionSource<object[]?> Result);
}
