using System.Diagnostics;
using Orchestrator.Benchmarks.Targets;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Benchmarks.Scenarios;

/// <summary>
/// <c>throughput</c>: N no-op jobs submitted while the system runs; submit/s = N ÷ time of all submit calls,
/// end-to-end/s = N ÷ (first submit → N jobs Succeeded), the definitions ../shared/peers uses. A warm-up batch
/// runs first and is not measured.
/// </summary>
public static class ThroughputScenario
{
    public static async Task RunAsync(BenchSettings settings)
    {
        var mode = settings.String("MODE", "embedded");
        var via = settings.String("VIA", "client");
        var n = settings.Int("N", mode == "cluster" ? 20_000 : 100_000);
        var warmup = settings.Int("WARMUP", 1_000);
        var concurrency = settings.Int("CONCURRENCY", 256);
        var silos = settings.Int("SILOS", 1);
        var workers = settings.Int("WORKERS", 64);

        await using var target = await BenchTargets.StartAsync(settings, mode, via, silos);
        await Submitter.WarmUpAsync(target, warmup, concurrency);
        var stats = target is ClusterTarget c ? await c.DatabaseStatsAsync() : default;

        // Embedded mode runs the silo in this process, so its allocations and collections are ours to count.
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var gen0Before = GC.CollectionCount(0);
        var gen2Before = GC.CollectionCount(2);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Submitter.SubmitAsync(target, n, concurrency, _ => Submitter.Noop);
        var submitted = clock.Elapsed;
        await Submitter.WaitForSucceededAsync(target, warmup + n, TimeSpan.FromMinutes(20));
        var total = clock.Elapsed;

        var results = new Dictionary<string, object?>
        {
            ["enqueue_per_s"] = Math.Round(n / submitted.TotalSeconds),
            ["e2e_per_s"] = Math.Round(n / total.TotalSeconds),
            ["submit_s"] = Math.Round(submitted.TotalSeconds, 2),
            ["total_s"] = Math.Round(total.TotalSeconds, 2),
        };
        if (mode == "embedded")
        {
            results["allocated_bytes_per_job"] = Math.Round((GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)n);
            results["gen0_collections"] = GC.CollectionCount(0) - gen0Before;
            results["gen2_collections"] = GC.CollectionCount(2) - gen2Before;
            results["process_cpu_us_per_job"] = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / n, 1);
        }
        if (target is ClusterTarget cluster)
        {
            var after = await cluster.DatabaseStatsAsync();
            results["pg_commits_per_job"] = Math.Round((after.Commits - stats.Commits) / (double)n, 2);
            results["pg_rows_written_per_job"] = Math.Round((after.Inserted - stats.Inserted + after.Updated - stats.Updated + after.Deleted - stats.Deleted) / (double)n, 2);
        }
        Report.Print("throughput", new Dictionary<string, object?>
        {
            ["mode"] = mode, ["via"] = via, ["n"] = n, ["warmup"] = warmup, ["concurrency"] = concurrency,
            ["silos"] = mode == "cluster" ? silos : 1, ["workers_per_silo"] = workers, ["target"] = target.Description,
        }, results);
    }
}
