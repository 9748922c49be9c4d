using Orchestrator.Benchmarks;
using Orchestrator.Benchmarks.Scenarios;

// dotnet run -c Release --project Benchmarks -- <scenario> [KEY=VALUE ...]
// One JSON line per run on stdout, a readable table on stderr. See docs/benchmarks.md.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Benchmarks <throughput|lateness|pending|activations|writes|failover|workflow> [MODE=embedded|cluster] [VIA=client|http] [N=..] [SILOS=..] [WORKERS=..] [CONCURRENCY=..]");
    Console.Error.WriteLine("       writes: [N=5000] [N_LIMIT=20000] [WRITERS=16]; failover: [SILOS=3] [RATE=100] [DURATION_S=30] [KILL_AT_S=10] [WAIT_S=180]; workflow: [WIDTH=100] [DEPTH=10]; cluster: [Orchestrator__Section__Key=value ...] for the silos");
    return 2;
}
var settings = BenchSettings.Parse(args.Skip(1));
using var allocations = Environment.GetEnvironmentVariable("ALLOC_PROFILE") == "1" ? new AllocationProfile() : null;
try
{
switch (args[0])
{
    case "throughput":
        await ThroughputScenario.RunAsync(settings);
        return 0;
    case "activations":
        await ActivationScenario.RunAsync(settings);
        return 0;
    case "pending":
        await PendingScenario.RunAsync(settings);
        return 0;
    case "lateness":
        await LatenessScenario.RunAsync(settings);
        return 0;
    case "writes":
        await WritesScenario.RunAsync(settings);
        return 0;
    case "failover":
        await FailoverScenario.RunAsync(settings);
        return 0;
    case "workflow":
        await WorkflowScenario.RunAsync(settings);
        return 0;
    default:
        Console.Error.WriteLine($"unknown scenario '{args[0]}'");
        return 2;
}
}
finally
{
    allocations?.Print();
}

/// <summary>Internal on purpose: ASP.NET Core (which the Orleans dashboard brings along) would make an undeclared top-level Program public, and Tests would then see two.</summary>
internal partial class Program;
