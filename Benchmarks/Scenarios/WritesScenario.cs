using System.Diagnostics;
using Orchestrator.Benchmarks.Postgres;
using Orchestrator.Benchmarks.Targets;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Benchmarks.Scenarios;

/// <summary>
/// <c>writes</c> (cluster only): what a job costs PostgreSQL, against what PostgreSQL can do on this machine.
/// <list type="number">
/// <item>N no-op jobs as in <c>throughput</c> (after a warm-up); per job, from deltas of <c>pg_stat_database</c> over
/// the measured jobs: commits (less the harness's own polling transactions) and rows written (inserted + updated +
/// deleted). Both include the cluster's background traffic (membership, reminder service) in that window. When the
/// server preloads <c>pg_stat_statements</c>: top-level statements per job and the ten most called statements;
/// otherwise <c>statements_per_job</c> is null and <c>statements_note</c> says why.</item>
/// <item>The single-row write limit (<see cref="WriteLimit"/>): committed single-row statements per second with
/// <c>WRITERS</c> connections; <c>limit_jobs_per_s</c> = that ÷ rows written per job, the job rate at which this
/// design would saturate PostgreSQL's commits; <c>fraction_of_limit</c> = measured <c>e2e_per_s</c> ÷ that.</item>
/// </list>
/// </summary>
public static class WritesScenario
{
    private const int TopStatements = 10;
    private const int QueryTextLength = 80;

    public static async Task RunAsync(BenchSettings settings)
    {
        if (settings.String("MODE", "cluster") != "cluster") throw new ArgumentException("writes measures PostgreSQL: it runs with MODE=cluster only.");
        var n = settings.Int("N", 5_000);
        var warmup = settings.Int("WARMUP", 200);
        var concurrency = settings.Int("CONCURRENCY", 256);
        var silos = settings.Int("SILOS", 1);
        var workers = settings.Int("WORKERS", 64);
        var limitIterations = settings.Int("N_LIMIT", 20_000);
        var writers = settings.Int("WRITERS", 16);
        var limitTime = TimeSpan.FromSeconds(settings.Double("LIMIT_MAX_S", 60));

        await using var target = await ClusterTarget.StartAsync(settings, silos, viaHttp: false);
        await using var counters = await DatabaseCounters.OpenAsync(target.ConnectionString);
        if (counters.StatementsUnavailable is not null)
        {
            Console.Error.WriteLine("writes: pg_stat_statements is not loaded, so no per-statement counts. To enable it (a server restart): "
                + "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'; then pg_ctlcluster 15 main restart");
        }

        var noop = new JobSpec { Type = "noop", CorrelationId = "bench" };
        await Submitter.SubmitAsync(target, warmup, concurrency, _ => noop);
        await counters.WaitForSucceededAsync(warmup, TimeSpan.FromMinutes(5));
        await Task.Delay(DatabaseCounters.StatisticsFlush);
        var before = await counters.SnapshotAsync();

        var clock = Stopwatch.StartNew();
        await Submitter.SubmitAsync(target, n, concurrency, _ => noop);
        var submitted = clock.Elapsed;
        await counters.WaitForSucceededAsync(warmup + n, TimeSpan.FromMinutes(20));
        var total = clock.Elapsed;
        await Task.Delay(DatabaseCounters.StatisticsFlush);
        var after = await counters.SnapshotAsync();

        var (limitStatements, limitElapsed) = await WriteLimit.MeasureAsync(target.ConnectionString, writers, limitIterations, limitTime);

        var e2e = n / total.TotalSeconds;
        var ownCommits = after.OwnCommits - before.OwnCommits;
        var rowsWritten = after.RowsInserted - before.RowsInserted + after.RowsUpdated - before.RowsUpdated + after.RowsDeleted - before.RowsDeleted;
        var writesPerJob = rowsWritten / (double)n;
        var writesPerSecond = limitStatements / limitElapsed.TotalSeconds;
        double? limitJobs = writesPerJob > 0 ? writesPerSecond / writesPerJob : null;
        var results = new Dictionary<string, object?>
        {
            ["enqueue_per_s"] = Math.Round(n / submitted.TotalSeconds),
            ["e2e_per_s"] = Math.Round(e2e),
            ["total_s"] = Math.Round(total.TotalSeconds, 2),
            ["commits_per_job"] = Math.Round((after.Commits - before.Commits - ownCommits) / (double)n, 2),
            ["harness_commits_excluded"] = ownCommits,
            ["writes_per_job"] = Math.Round(writesPerJob, 2),
            ["rows_per_job"] = new Dictionary<string, double>
            {
                ["inserted"] = Math.Round((after.RowsInserted - before.RowsInserted) / (double)n, 2),
                ["updated"] = Math.Round((after.RowsUpdated - before.RowsUpdated) / (double)n, 2),
                ["deleted"] = Math.Round((after.RowsDeleted - before.RowsDeleted) / (double)n, 2),
            },
        };
        if (before.Statements is { } first && after.Statements is { } last)
        {
            var calls = last.Select(s => (s.Value.Query, Calls: s.Value.Calls - (first.TryGetValue(s.Key, out var f) ? f.Calls : 0)))
                .Where(s => s.Calls > 0).OrderByDescending(s => s.Calls).ToList();
            results["statements_per_job"] = Math.Round(calls.Sum(s => s.Calls) / (double)n, 2);
            results["statements_top"] = calls.Take(TopStatements).Select(s => new Dictionary<string, object>
            {
                ["calls_per_job"] = Math.Round(s.Calls / (double)n, 3),
                ["calls"] = s.Calls,
                ["query"] = Shorten(s.Query),
            }).ToList();
        }
        else
        {
            results["statements_per_job"] = null;
            results["statements_note"] = counters.StatementsUnavailable;
        }
        results["pg_single_row_writes_per_s"] = Math.Round(writesPerSecond);
        results["write_limit"] = new Dictionary<string, object>
        {
            ["writers"] = writers,
            ["statements"] = limitStatements,
            ["seconds"] = Math.Round(limitElapsed.TotalSeconds, 2),
            ["each"] = "INSERT of a 300-byte row, then UPDATE of that row; each statement its own autocommit transaction (one commit per statement), prepared",
        };
        results["limit_jobs_per_s"] = limitJobs is { } limit ? Math.Round(limit) : null;
        results["fraction_of_limit"] = limitJobs is { } l ? Math.Round(e2e / l, 3) : null;

        Report.Print("writes", new Dictionary<string, object?>
        {
            ["mode"] = "cluster", ["n"] = n, ["warmup"] = warmup, ["concurrency"] = concurrency, ["silos"] = silos,
            ["workers_per_silo"] = workers, ["n_limit"] = limitIterations, ["target"] = target.Description,
            ["silo_overrides"] = target.SiloOverrides,
        }, results);
    }

    /// <summary>The normalised text on one line, cut to about <see cref="QueryTextLength"/> characters.</summary>
    private static string Shorten(string query)
    {
        var line = string.Join(' ', query.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= QueryTextLength ? line : line[..(QueryTextLength - 3)] + "...";
    }
}
