using System.Diagnostics;
using Npgsql;
using Orchestrator.Benchmarks.Targets;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Benchmarks.Scenarios;

/// <summary>
/// <c>pending</c>: N delayed jobs due in <c>DUE_IN_S</c> (an hour): submit rate, silo memory and database size per
/// pending job. Embedded measures this process (the silo is in it) after a full GC; cluster measures the silo
/// processes' working sets (no GC can be forced there) and <c>pg_database_size</c>. The restart half of the
/// scenario (time until the first due job runs after a full cluster restart) is not built yet.
/// </summary>
public static class PendingScenario
{
    public static async Task RunAsync(BenchSettings settings)
    {
        var mode = settings.String("MODE", "embedded");
        var n = settings.Int("N", mode == "cluster" ? 20_000 : 100_000);
        var dueIn = TimeSpan.FromSeconds(settings.Double("DUE_IN_S", 3600));
        var concurrency = settings.Int("CONCURRENCY", 256);
        await using var target = await BenchTargets.StartAsync(settings, mode, "client", settings.Int("SILOS", 1));
        var cluster = target as ClusterTarget;

        var memoryBefore = await MemoryAsync(target);
        var databaseBefore = cluster is null ? 0 : await DatabaseSizeAsync(cluster);
        var due = DateTimeOffset.UtcNow + dueIn;
        var clock = Stopwatch.StartNew();
        await Submitter.SubmitAsync(target, n, concurrency, _ => new JobSpec { Type = "noop", CorrelationId = "bench", RunAt = due });
        var submitted = clock.Elapsed;
        var memoryAfter = await MemoryAsync(target);
        var databaseAfter = cluster is null ? 0 : await DatabaseSizeAsync(cluster);
        var counts = await target.CountsAsync();

        var results = new Dictionary<string, object?>
        {
            ["enqueue_per_s"] = Math.Round(n / submitted.TotalSeconds),
            ["scheduled"] = counts.GetValueOrDefault(JobStatus.Scheduled),
            ["memory_before_bytes"] = memoryBefore,
            ["memory_after_bytes"] = memoryAfter,
            ["memory_bytes_per_pending_job"] = Math.Round((memoryAfter - memoryBefore) / (double)n),
        };
        if (cluster is not null)
        {
            results["pg_database_growth_bytes"] = databaseAfter - databaseBefore;
            results["pg_bytes_per_pending_job"] = Math.Round((databaseAfter - databaseBefore) / (double)n);
        }
        Report.Print("pending", new Dictionary<string, object?>
        {
            ["mode"] = mode, ["n"] = n, ["due_in_s"] = dueIn.TotalSeconds, ["target"] = target.Description,
            ["memory_measured"] = cluster is null ? "harness process with the embedded silo, after a full GC" : "silo processes' working sets",
        }, results);
    }

    private static async Task<long> MemoryAsync(IBenchTarget target)
    {
        if (target is ClusterTarget cluster) return cluster.Silos.Sum(s => s.WorkingSetBytes());
        await Task.Yield();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    private static async Task<long> DatabaseSizeAsync(ClusterTarget cluster)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
