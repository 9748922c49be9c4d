using Orchestrator.Benchmarks.Targets;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Jobs;

namespace Orchestrator.Benchmarks.Scenarios;

/// <summary>
/// <c>failover</c> (cluster only): no-op jobs at a steady <c>RATE</c> for <c>DURATION_S</c> through the grain client
/// (<see cref="PacedSubmitter"/>); at <c>KILL_AT_S</c> the last silo process gets SIGKILL. Silos keep the product's
/// membership, reminder and lease settings unless <c>Orchestrator__*</c> keys say otherwise (see <see cref="ClusterTarget"/>).
/// <list type="bullet">
/// <item><c>completed_per_s</c>: acknowledged jobs succeeded in each 1-second bucket after submission started, by the
/// success instant the job's row records.</item>
/// <item><c>baseline_per_s</c>: mean of the whole buckets before the kill, less the first (ramp-up).</item>
/// <item><c>recovery_s</c>: from the kill to the start of the first bucket, after the first one below 90 % of the
/// baseline, that starts three buckets in a row at ≥ 90 %, all within the submission window; 0 when no bucket
/// dipped, null when throughput was not back before submission stopped.</item>
/// <item>After submission, up to <c>WAIT_S</c> for every acknowledged job to be terminal; <c>lost</c> = acknowledged
/// jobs not terminal by then (including any with no row). A submit that threw is <c>rejected</c>, not acknowledged;
/// <c>rejected_but_stored</c> counts rejected calls whose job was written anyway.</item>
/// </list>
/// </summary>
public static class FailoverScenario
{
    private const double RecoveredFraction = 0.9;
    private const int RecoveredBuckets = 3;

    /// <summary>Runs the scenario, prints its report and returns the results (the smoke test checks <c>lost</c>).</summary>
    public static async Task<IReadOnlyDictionary<string, object?>> RunAsync(BenchSettings settings)
    {
        if (settings.String("MODE", "cluster") != "cluster") throw new ArgumentException("failover kills a silo process: it runs with MODE=cluster only.");
        var silos = settings.Int("SILOS", 3);
        var rate = settings.Double("RATE", 100);
        var duration = TimeSpan.FromSeconds(settings.Double("DURATION_S", 30));
        var killAt = TimeSpan.FromSeconds(settings.Double("KILL_AT_S", 10));
        var wait = TimeSpan.FromSeconds(settings.Double("WAIT_S", 180));
        var maxInFlight = settings.Int("CONCURRENCY", 5_000);
        var warmup = settings.Int("WARMUP", 200);
        if (silos < 2) throw new ArgumentException("failover needs SILOS ≥ 2: one is killed, the others carry on.");
        if (killAt >= duration) throw new ArgumentException("KILL_AT_S must be before DURATION_S ends.");

        await using var target = await ClusterTarget.StartAsync(settings, silos, viaHttp: false);
        await Submitter.WarmUpAsync(target, warmup, 64);

        // Any silo may go: the Orleans client connects to every gateway. The last one is never the first to start.
        var victim = target.Silos[^1];
        var submitter = new PacedSubmitter(target.Grains, rate, maxInFlight);
        var start = DateTimeOffset.UtcNow;
        var submitting = submitter.RunAsync(duration);
        await Task.Delay(killAt);
        victim.Kill();
        var killedAt = (DateTimeOffset.UtcNow - start).TotalSeconds;
        await submitting;
        var submitEnded = DateTimeOffset.UtcNow;

        var acknowledged = submitter.Acknowledged.ToArray();
        Dictionary<JobStatus, long> statuses;
        double? allTerminalAfter;
        while (true)
        {
            statuses = await target.StatusCountsAsync(acknowledged);
            if (Terminal(statuses) == acknowledged.Length)
            {
                allTerminalAfter = Math.Round((DateTimeOffset.UtcNow - submitEnded).TotalSeconds, 1);
                break;
            }
            if (DateTimeOffset.UtcNow - submitEnded > wait)
            {
                allTerminalAfter = null;
                break;
            }
            await Task.Delay(1000);
        }

        var times = await target.SucceededTimesAsync(acknowledged);
        var buckets = Buckets(times.Select(t => (t.Succeeded - start).TotalSeconds));
        var windowBuckets = (int)Math.Floor(duration.TotalSeconds);
        var killBucket = (int)Math.Floor(killedAt);
        var before = buckets.Take(killBucket).Skip(killBucket > 1 ? 1 : 0).ToList();
        var baseline = before.Count == 0 ? 0 : before.Average();
        var (recovery, dip) = Recovery(buckets, baseline, killedAt, killBucket, windowBuckets);
        var latencies = times.Select(t => (t.Succeeded - t.Created).TotalMilliseconds).Order().ToList();

        var results = new Dictionary<string, object?>
        {
            ["attempted"] = submitter.Attempted,
            ["acknowledged"] = acknowledged.Length,
            ["rejected"] = submitter.Rejected,
            ["rejected_by"] = submitter.RejectedBy.ToDictionary(),
            ["rejected_but_stored"] = await target.JobRowsAsync() - warmup - acknowledged.Length,
            ["succeeded"] = statuses.GetValueOrDefault(JobStatus.Succeeded),
            ["terminal_not_succeeded"] = statuses.GetValueOrDefault(JobStatus.DeadLettered) + statuses.GetValueOrDefault(JobStatus.Cancelled),
            ["lost"] = acknowledged.Length - Terminal(statuses),
            ["all_terminal_after_s"] = allTerminalAfter,
            ["killed_at_s"] = Math.Round(killedAt, 2),
            ["baseline_per_s"] = Math.Round(baseline, 1),
            ["dip_min_per_s"] = dip,
            ["recovery_s"] = recovery is { } r ? Math.Round(r, 1) : null,
            ["job_latency_ms"] = latencies.Count == 0 ? null : new Dictionary<string, double>
            {
                ["p50"] = Math.Round(Report.Percentile(latencies, 50)),
                ["p99"] = Math.Round(Report.Percentile(latencies, 99)),
                ["max"] = Math.Round(latencies[^1]),
            },
            ["completed_per_s"] = buckets,
        };
        if (allTerminalAfter is null)
        {
            results["not_terminal"] = statuses.Where(s => !JobTransitions.IsTerminal(s.Key)).ToDictionary(s => s.Key.ToString(), s => s.Value);
        }
        Report.Print("failover", new Dictionary<string, object?>
        {
            ["mode"] = "cluster", ["silos"] = silos, ["rate"] = rate, ["duration_s"] = duration.TotalSeconds,
            ["kill_at_s"] = killAt.TotalSeconds, ["wait_s"] = wait.TotalSeconds, ["warmup"] = warmup,
            ["target"] = target.Description, ["silo_overrides"] = target.SiloOverrides,
        }, results);
        return results;
    }

    private static long Terminal(Dictionary<JobStatus, long> statuses) => statuses.Where(s => JobTransitions.IsTerminal(s.Key)).Sum(s => s.Value);

    /// <summary>Completions per whole second since submission started, from 0 to the last completion.</summary>
    private static List<int> Buckets(IEnumerable<double> secondsSinceStart)
    {
        var buckets = new List<int>();
        foreach (var second in secondsSinceStart.Where(s => s >= 0).Select(s => (int)Math.Floor(s)))
        {
            while (buckets.Count <= second) buckets.Add(0);
            buckets[second]++;
        }
        return buckets;
    }

    /// <summary>
    /// Seconds from the kill until throughput is back (see the class summary), and the lowest bucket from the kill
    /// to the end of the submission window.
    /// </summary>
    private static (double? Recovery, int? Dip) Recovery(List<int> buckets, double baseline, double killedAt, int killBucket, int windowBuckets)
    {
        int At(int b) => b < buckets.Count ? buckets[b] : 0;
        var threshold = RecoveredFraction * baseline;
        var after = Enumerable.Range(killBucket, Math.Max(0, windowBuckets - killBucket)).ToList();
        int? dip = after.Count == 0 ? null : after.Min(At);
        var firstLow = after.FirstOrDefault(b => At(b) < threshold, -1);
        if (firstLow < 0) return (0, dip);
        for (var b = firstLow + 1; b + RecoveredBuckets <= windowBuckets; b++)
        {
            if (Enumerable.Range(b, RecoveredBuckets).All(x => At(x) >= threshold)) return (Math.Max(0, b - killedAt), dip);
        }
        return (null, dip);
    }
}
