namespace Orchestrator.Benchmarks.Postgres;

/// <summary>
/// The bench database's cumulative counters at one instant: <c>pg_stat_database</c>'s committed transactions and rows
/// written, the harness's own transactions so far, and per statement (<c>pg_stat_statements</c> queryid) the
/// normalised text and calls, or null when <c>pg_stat_statements</c> cannot be read.
/// </summary>
public sealed record DatabaseSnapshot(
    long Commits,
    long RowsInserted,
    long RowsUpdated,
    long RowsDeleted,
    long OwnCommits,
    IReadOnlyDictionary<long, (string Query, long Calls)>? Statements);
