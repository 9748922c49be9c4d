using Orchestrator.Benchmarks.Targets;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Benchmarks.Scenarios;

/// <summary>
/// <c>lateness</c>: N delayed jobs due at known instants spread uniformly over <c>SPREAD_S</c>, the first <c>LEAD_S</c>
/// after scheduling starts; lateness = first attempt's start − due time, nearest-rank percentiles; any negative
/// value (an early start) is counted separately and must be zero.
/// </summary>
public static class LatenessScenario
{
    public static async Task RunAsync(BenchSettings settings)
    {
        var mode = settings.String("MODE", "embedded");
        var via = settings.String("VIA", "client");
        var n = settings.Int("N", 5_000);
        var spread = settings.Double("SPREAD_S", 20);
        var lead = settings.Double("LEAD_S", 8);
        var concurrency = settings.Int("CONCURRENCY", 256);
        var silos = settings.Int("SILOS", 1);

        await using var target = await BenchTargets.StartAsync(settings, mode, via, silos);
        var start = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(lead);
        var ids = await Submitter.SubmitAsync(target, n, concurrency, i => new JobSpec
        {
            Type = "noop",
            CorrelationId = "bench",
            RunAt = start + TimeSpan.FromSeconds(spread * i / n),
        });
        var scheduledBy = DateTimeOffset.UtcNow;
        await Submitter.WaitForSucceededAsync(target, n, TimeSpan.FromSeconds(lead + spread + 300));

        var starts = await target.StartsAsync(ids);
        var late = starts.Select(s => (s.Started - s.Due).TotalMilliseconds).Order().ToList();
        Report.Print("lateness", new Dictionary<string, object?>
        {
            ["mode"] = mode, ["via"] = via, ["n"] = n, ["spread_s"] = spread, ["lead_s"] = lead,
            ["silos"] = mode == "cluster" ? silos : 1, ["target"] = target.Description,
        }, new Dictionary<string, object?>
        {
            ["scheduling_done_before_first_due"] = scheduledBy < start,
            // The same shape as ../shared/peers reports, so the comparison reads both alike.
            ["lateness_ms"] = new Dictionary<string, double>
            {
                ["min"] = Math.Round(late[0], 1),
                ["p50"] = Math.Round(Report.Percentile(late, 50), 1),
                ["p95"] = Math.Round(Report.Percentile(late, 95), 1),
                ["p99"] = Math.Round(Report.Percentile(late, 99), 1),
                ["max"] = Math.Round(late[^1], 1),
            },
            ["early"] = late.Count(l => l < 0),
            ["measured"] = late.Count,
        });
    }
}
