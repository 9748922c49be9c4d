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
        { "workflow", ["MODE=embedded", "WIDTH=5", "DEPTH=3"] },
        { "pending", ["MODE=embedded", "N=300"] },
        { "pending", ["MODE=cluster", "N=100", "POOL=10"] },
        { "pending", ["MODE=cluster", "N=50", "POOL=10", "PAYLOAD_BYTES=8192"] },
        { "writes", ["N=50", "WARMUP=10", "N_LIMIT=200", "WRITERS=4", "POOL=10"] },
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
            "workflow" => WorkflowScenario.RunAsync(settings),
            "pending" => PendingScenario.RunAsync(settings),
            "writes" => WritesScenario.RunAsync(settings),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
        await run.WaitAsync(TimeSpan.FromMinutes(3));
    }

    /// <summary>
    /// The restart half of <c>pending</c>: jobs due a few seconds after every silo is killed and started again must
    /// all run, none early.
    /// </summary>
    [Fact]
    public async Task PendingRestart_RunsEveryDueJob_NoneEarly()
    {
        var settings = BenchSettings.Parse(["MODE=cluster", "N=50", "POOL=10", "RESTART_DUE_S=8", "RESTART_N=30", $"ORCHESTRATOR_BENCH_POSTGRES={Server}"]);

        var results = await PendingScenario.RunAsync(settings).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal((30, 0), ((int)results["restart_started"]!, (int)results["restart_early"]!));
    }

    /// <summary>
    /// A silo is killed mid-stream; every acknowledged job must still end. The lease check and the reminder minimum
    /// are lowered (as the cluster tests do) so jobs stranded on the dead silo are re-run in seconds, not a minute;
    /// membership keeps the product's defaults.
    /// </summary>
    [Fact]
    public async Task Failover_LosesNoAcknowledgedJob()
    {
        var settings = BenchSettings.Parse([
            "SILOS=2", "RATE=20", "DURATION_S=8", "KILL_AT_S=3", "WAIT_S=120", "WARMUP=10", "POOL=10",
            "Orchestrator__Jobs__LeaseCheckPeriod=00:00:05", "Orchestrator__Cluster__Reminders__MinimumReminderPeriod=00:00:01",
            $"ORCHESTRATOR_BENCH_POSTGRES={Server}"]);

        var results = await FailoverScenario.RunAsync(settings).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True((long)results["lost"]! == 0, $"Acknowledged jobs not terminal after WAIT_S: {results["lost"]}; statuses {System.Text.Json.JsonSerializer.Serialize(results)}");
    }
}
