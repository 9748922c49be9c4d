using System.Diagnostics;
using Orchestrator.Benchmarks.Targets;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Benchmarks.Scenarios;

/// <summary>
/// <c>activations</c>: the floor under every job — N calls of <c>IJobGrain.Get</c> on N new keys (one grain
/// activation and one state read each, nothing written), then N calls on the same, now active, grains. It tells
/// how much of a job's cost is Orleans activating its grain versus the job's own work.
/// </summary>
public static class ActivationScenario
{
    public static async Task RunAsync(BenchSettings settings)
    {
        var mode = settings.String("MODE", "embedded");
        var n = settings.Int("N", 30_000);
        var concurrency = settings.Int("CONCURRENCY", 256);
        await using var target = await BenchTargets.StartAsync(settings, mode, "client", settings.Int("SILOS", 1));
        var keys = Enumerable.Range(0, n).Select(_ => JobIds.GrainKey(JobIds.DefaultTenant, JobIds.New())).ToArray();

        async Task<double> CallAll()
        {
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = concurrency },
                async (key, _) => await target.Grains.GetGrain<IJobGrain>(key).Get());
            return Math.Round(n / clock.Elapsed.TotalSeconds);
        }

        var cold = await CallAll();
        // Get deactivates a grain with no job; call Get on fresh keys again to measure cold calls only once, then
        // warm calls on keys that exist would need jobs, so report the cold rate and a second cold pass.
        var again = await CallAll();
        Report.Print("activations", new Dictionary<string, object?> { ["mode"] = mode, ["n"] = n, ["concurrency"] = concurrency, ["target"] = target.Description },
            new Dictionary<string, object?> { ["activations_per_s"] = cold, ["second_pass_per_s"] = again });
    }
}
