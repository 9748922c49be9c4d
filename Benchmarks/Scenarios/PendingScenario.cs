using System.Diagnostics;
using Npgsql;
using Orchestrator.Benchmarks.Targets;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Benchmarks.Scenarios;

/// <summary>
/// <c>pending</c>: N delayed jobs due in <c>DUE_IN_S</c> (an hour): submit rate, silo memory and database size per
/// pending job. Memory is measured after a full GC in every silo: the working set (embedded: this process,
/// which hosts the silo; cluster: the silo processes) and the memory use each silo reports
/// (<c>EnvironmentStatistics.RawMemoryUsageBytes</c>, unsmoothed); cluster mode also
/// reports <c>pg_database_size</c> growth and, with <c>RESTART_DUE_S</c>, the restart half (see <see cref="RestartAsync"/>). The restart half of the
/// scenario (time until the first due job runs after a full cluster restart) is not built yet.
/// </summary>
public static class PendingScenario
{
    public static async Task<Dictionary<string, object?>> RunAsync(BenchSettings settings)
    {
        var mode = settings.String("MODE", "embedded");
        var n = settings.Int("N", mode == "cluster" ? 20_000 : 100_000);
        var dueIn = TimeSpan.FromSeconds(settings.Double("DUE_IN_S", 3600));
        var concurrency = settings.Int("CONCURRENCY", 256);
        // PAYLOAD_BYTES=8192 shows the payload offload: a JSON object of about that many bytes instead of null, its
        // text random base64 so that PostgreSQL's compression cannot make it look smaller than real payloads are.
        var payloadBytes = settings.Int("PAYLOAD_BYTES", 0);
        var payload = payloadBytes <= 0 ? "null" : $$"""{"data":"{{Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(payloadBytes))[..Math.Max(0, payloadBytes - 11)]}}"}""";
        await using var target = await BenchTargets.StartAsync(settings, mode, "client", settings.Int("SILOS", 1));
        var cluster = target as ClusterTarget;

        var memoryBefore = await MemoryAsync(target);
        var databaseBefore = cluster is null ? 0 : await DatabaseSizeAsync(cluster);
        var due = DateTimeOffset.UtcNow + dueIn;
        var clock = Stopwatch.StartNew();
        await Submitter.SubmitAsync(target, n, concurrency, _ => new JobSpec { Type = "noop", CorrelationId = "bench", RunAt = due, Payload = payload });
        var submitted = clock.Elapsed;
        var memoryAfter = await MemoryAsync(target);
        var databaseAfter = cluster is null ? 0 : await DatabaseSizeAsync(cluster);
        var counts = await target.CountsAsync();

        var results = new Dictionary<string, object?>
        {
            ["enqueue_per_s"] = Math.Round(n / submitted.TotalSeconds),
            ["scheduled"] = counts.GetValueOrDefault(JobStatus.Scheduled),
            ["memory_before_bytes"] = memoryBefore.WorkingSet,
            ["memory_after_bytes"] = memoryAfter.WorkingSet,
            ["memory_bytes_per_pending_job"] = Math.Round((memoryAfter.WorkingSet - memoryBefore.WorkingSet) / (double)n),
            ["silo_reported_bytes_per_pending_job"] = Math.Round((memoryAfter.Heap - memoryBefore.Heap) / (double)n),
            ["activations_after"] = memoryAfter.Activations,
        };
        if (cluster is not null)
        {
            results["pg_database_growth_bytes"] = databaseAfter - databaseBefore;
            results["pg_bytes_per_pending_job"] = Math.Round((databaseAfter - databaseBefore) / (double)n);
            // Where those bytes are: the job rows (with their indexes and TOAST), and the offloaded payloads.
            results["pg_jobs_table_bytes_per_job"] = Math.Round(await RelationSizeAsync(cluster, "jobs") / (double)n);
            results["pg_payload_table_bytes_per_job"] = Math.Round(await RelationSizeAsync(cluster, "job_payloads") / (double)n);
            results["pg_jobs_bytes_per_job_by_relation"] = await JobsRelationsAsync(cluster, n);
            var restartDueIn = settings.Double("RESTART_DUE_S", 0);
            if (restartDueIn > 0) await RestartAsync(cluster, settings.Int("RESTART_N", 1_000), TimeSpan.FromSeconds(restartDueIn), concurrency, results);
        }
        Report.Print("pending", new Dictionary<string, object?>
        {
            ["mode"] = mode, ["n"] = n, ["due_in_s"] = dueIn.TotalSeconds, ["payload_bytes"] = System.Text.Encoding.UTF8.GetByteCount(payload), ["target"] = target.Description,
            ["memory_measured"] = cluster is null ? "harness process with the embedded silo, after a full GC" : "silo processes' working sets and silo-reported memory, after a full GC in each",
        }, results);
        return results;
    }

    /// <summary>
    /// Memory of the silos after a forced full GC in each (through Orleans' management grain): the working set, and the
    /// memory use the silo itself reports after that GC. Also the live activations.
    /// </summary>
    private static async Task<(long WorkingSet, long Heap, long Activations)> MemoryAsync(IBenchTarget target)
    {
        var management = target.Grains.GetGrain<IManagementGrain>(0);
        var silos = (await management.GetHosts(onlyActive: true)).Keys.ToArray();
        await management.ForceGarbageCollection(silos);
        var statistics = await management.GetRuntimeStatistics(silos);
        var heap = statistics.Sum(s => s.EnvironmentStatistics.RawMemoryUsageBytes);
        var activations = statistics.Sum(s => (long)s.ActivationCount);
        if (target is ClusterTarget cluster) return (cluster.Silos.Sum(s => s.WorkingSetBytes()), heap, activations);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        return (self.WorkingSet64, heap, activations);
    }

    /// <summary>
    /// The restart half: with the N jobs above still pending, <paramref name="count"/> more jobs due in
    /// <paramref name="dueIn"/>; then every silo is killed and started again, and the scenario reports how long that
    /// took and when those jobs started relative to their due time (none may start early, all must start).
    /// </summary>
    private static async Task RestartAsync(ClusterTarget cluster, int count, TimeSpan dueIn, int concurrency, Dictionary<string, object?> results)
    {
        var due = DateTimeOffset.UtcNow + dueIn;
        var ids = await Submitter.SubmitAsync(cluster, count, concurrency, _ => new JobSpec { Type = "noop", CorrelationId = "bench-restart", RunAt = due });
        var clock = Stopwatch.StartNew();
        await cluster.RestartSilosAsync();
        var restarted = clock.Elapsed;
        var readyAt = DateTimeOffset.UtcNow;
        var deadline = due + TimeSpan.FromMinutes(3);
        IReadOnlyList<(DateTimeOffset Due, DateTimeOffset Started)> starts = [];
        while (DateTimeOffset.UtcNow < deadline)
        {
            starts = await cluster.StartsAsync(ids);
            if (starts.Count == ids.Count) break;
            await Task.Delay(250);
        }
        var lateness = starts.Select(s => (s.Started - s.Due).TotalMilliseconds).Order().ToList();
        results["restart_jobs"] = count;
        results["restart_s"] = Math.Round(restarted.TotalSeconds, 2);
        results["restart_ready_before_due_s"] = Math.Round((due - readyAt).TotalSeconds, 2);
        results["restart_started"] = starts.Count;
        results["restart_early"] = lateness.Count(l => l < 0);
        results["restart_first_start_lateness_ms"] = lateness.Count == 0 ? null : Math.Round(lateness[0], 1);
        results["restart_lateness_p99_ms"] = lateness.Count == 0 ? null : Math.Round(lateness[(int)Math.Ceiling(0.99 * lateness.Count) - 1], 1);
        results["restart_lateness_max_ms"] = lateness.Count == 0 ? null : Math.Round(lateness[^1], 1);
    }

    private static Task<long> RelationSizeAsync(ClusterTarget cluster, string table) =>
        ScalarAsync(cluster, "SELECT pg_total_relation_size($1::regclass)", table);

    /// <summary>The jobs table's bytes per job by relation: the rows, their TOAST, and each index.</summary>
    private static async Task<Dictionary<string, double>> JobsRelationsAsync(ClusterTarget cluster, int n)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT 'rows', pg_relation_size('jobs'::regclass)
            UNION ALL SELECT 'toast', coalesce(pg_total_relation_size(NULLIF(reltoastrelid, 0)), 0) FROM pg_class WHERE oid = 'jobs'::regclass
            UNION ALL SELECT c.relname::text, pg_relation_size(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'jobs'::regclass
            """, connection);
        var sizes = new Dictionary<string, double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) sizes[reader.GetString(0)] = Math.Round(reader.GetInt64(1) / (double)n);
        return sizes;
    }

    private static Task<long> DatabaseSizeAsync(ClusterTarget cluster) =>
        ScalarAsync(cluster, "SELECT pg_database_size(current_database())");

    private static async Task<long> ScalarAsync(ClusterTarget cluster, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
