using Orchestrator.Benchmarks.Targets;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Benchmarks.Scenarios;

/// <summary>
/// <c>lateness</c>: N delayed jobs due at known instants spread uniformly over <c>SPREAD_S</c>, the first <c>LEAD_S</c>
/// after scheduling starts; lateness = first attempt's start − due time, nearest-rank percentiles; any negative
/// value (an early start) is counted separately and must be zero. A warm-up of <c>WARMUP</c> immediate jobs runs first
/// and is not measured, as ../shared/peers does before its lateness runs (50 Hangfire, 100 Quartz jobs): without it
/// the first second of due jobs met the executor path cold and started up to 180 ms late.
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
        var warmup = settings.Int("WARMUP", 200);

        await using var target = await BenchTargets.StartAsync(settings, mode, via, silos);
        await Submitter.WarmUpAsync(target, warmup, concurrency);
        var start = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(lead);
        var ids = await Submitter.SubmitAsync(target, n, concurrency, i => new JobSpec
        {
            Type = "noop",
            CorrelationId = "bench",
            RunAt = start + TimeSpan.FromSeconds(spread * i / n),
        });
        var scheduledBy = DateTimeOffset.UtcNow;
        await Submitter.WaitForSucceededAsync(target, warmup + n, TimeSpan.FromSeconds(lead + spread + 300));

        var starts = await target.StartsAsync(ids);
        var late = starts.Select(s => (s.Started - s.Due).TotalMilliseconds).Order().ToList();
        // DUMP=path writes every job's due time and lateness (CSV), to see whether late starts bunch in time.
        if (settings.String("DUMP", "") is { Length: > 0 } dump)
        {
            await File.WriteAllLinesAsync(dump, starts.OrderBy(s => s.Due).Select(s =>
                FormattableString.Invariant($"{(s.Due - start).TotalMilliseconds:F1},{(s.Started - s.Due).TotalMilliseconds:F1}")));
        }
        Report.Print("lateness", new Dictionary<string, object?>
        {
            ["mode"] = mode, ["via"] = via, ["n"] = n, ["spread_s"] = spread, ["lead_s"] = lead,
            ["silos"] = mode == "cluster" ? silos : 1, ["warmup"] = warmup, ["target"] = target.Description,
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
