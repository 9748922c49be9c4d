using Orchestrator.Benchmarks;
using Orchestrator.Benchmarks.Scenarios;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Benchmarks;

/// <summary>
/// Each benchmark scenario once with a tiny N, so the harness cannot rot. Timings are not asserted here (they belong
/// in docs/benchmarks.md); a scenario passes when it runs to completion, which includes seeing every job succeed.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BenchmarkSmokeTests
{
    private static readonly string Server = PostgresDatabase.ServerConnectionString;

    public static TheoryData<string, string[]> Runs() => new()
    {
        { "throughput", ["MODE=embedded", "VIA=client", "N=300", "WARMUP=20"] },
        { "throughput", ["MODE=embedded", "VIA=http", "N=100", "WARMUP=10"] },
        { "throughput", ["MODE=cluster", "VIA=client", "SILOS=1", "N=100", "WARMUP=10", "POOL=10"] },
        { "throughput", ["MODE=cluster", "VIA=http", "SILOS=1", "N=50", "WARMUP=10", "POOL=10"] },
        { "lateness", ["MODE=embedded", "N=50", "SPREAD_S=1", "LEAD_S=1"] },
        { "lateness", ["MODE=cluster", "N=50", "SPREAD_S=1", "LEAD_S=3", "POOL=10"] },
        { "activations", ["MODE=embedded", "N=300"] },
        { "pending", ["MODE=embedded", "N=300"] },
        { "pending", ["MODE=cluster", "N=100", "POOL=10"] },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Scenario_RunsToCompletion(string scenario, string[] args)
    {
        var settings = BenchSettings.Parse([.. args, $"ORCHESTRATOR_BENCH_POSTGRES={Server}"]);
        var run = scenario switch
        {
            "throughput" => ThroughputScenario.RunAsync(settings),
            "lateness" => LatenessScenario.RunAsync(settings),
            "activations" => ActivationScenario.RunAsync(settings),
            "pending" => PendingScenario.RunAsync(settings),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
        await run.WaitAsync(TimeSpan.FromMinutes(3));
    }
}
