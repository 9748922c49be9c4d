using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orchestrator.Silo.Storage;

/// <summary>
/// Keeps the planner's view of a young <c>jobs</c> table true. The job store's statements are prepared, and
/// PostgreSQL keeps a prepared statement's generic plan. Planned against a new, empty table, the key lookup
/// <c>WHERE tenant_id = $1 AND job_id = $2</c> costs the same on the primary key as on the list indexes that also
/// lead with <c>tenant_id</c>; PostgreSQL 15 took the (tenant, type, created) index and kept that plan while the
/// table grew, so every grain read and write scanned the tenant's whole index (measured: 340 µs per read at
/// 40,000 rows, more database time than every other statement of a job together). Autovacuum's ANALYZE would
/// replace the plan, but it looks only once a minute. So, while the table was last analyzed at fewer than
/// <see cref="YoungRows"/> rows, every <see cref="CheckPeriod"/> each silo analyzes the job tables when they
/// changed by more rows than they held at their last analyze (at least <see cref="MinChanges"/>): the table is
/// analyzed at about 500, 1,000, 2,000, … rows, and each ANALYZE makes every session plan the statements anew.
/// From <see cref="YoungRows"/> on, autovacuum's own thresholds keep the statistics fresh and this stops.
/// Concurrent silos skip a table another one is analyzing (<c>SKIP_LOCKED</c>).
/// </summary>
public sealed partial class JobTableStatistics(NpgsqlDataSource database, ILogger<JobTableStatistics> logger, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(2);
    public const long YoungRows = 10_000;
    public const long MinChanges = 500;

    /// <summary>One check: analyzes the job tables if they are young and changed enough. Null when the table is no longer young.</summary>
    public async Task<bool?> CheckOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var read = new NpgsqlCommand("""
            SELECT c.reltuples::bigint, s.n_mod_since_analyze
            FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
            WHERE c.oid = 'jobs'::regclass
            """, connection);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var (analyzedRows, changed) = (reader.GetInt64(0), reader.GetInt64(1)); // reltuples is -1 until the first ANALYZE or VACUUM
        await reader.DisposeAsync();
        if (analyzedRows >= YoungRows) return null;
        if (changed < Math.Max(MinChanges, analyzedRows)) return false;

        await using var analyze = new NpgsqlCommand("ANALYZE (SKIP_LOCKED) jobs, job_attempts, job_payloads", connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
        LogAnalyzed(Math.Max(analyzedRows, 0), changed);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (await CheckOnceAsync(stoppingToken) is null) return;
                }
                catch (PostgresException e) when (e.SqlState == "42501") // not the tables' owner: nothing this silo can do
                {
                    LogNotPermitted(e.MessageText);
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException && PostgresAvailability.IsUnavailable(e))
                {
                    // The database is away; the next tick tries again.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Analyzed the young job tables (last analyzed at {AnalyzedRows} rows, {Changed} rows changed since) so their statements are planned for their size")]
    private partial void LogAnalyzed(long analyzedRows, long changed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot analyze the job tables ({Reason}); their statements keep the plans made when the tables were empty until autovacuum analyzes them")]
    private partial void LogNotPermitted(string reason);
}
