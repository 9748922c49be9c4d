using Orchestrator.Benchmarks;
using Orchestrator.Benchmarks.Scenarios;

// dotnet run -c Release --project Benchmarks -- <scenario> [KEY=VALUE ...]
// One JSON line per run on stdout, a readable table on stderr. See docs/benchmarks.md.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Benchmarks <throughput|lateness|pending|activations> [MODE=embedded|cluster] [VIA=client|http] [N=..] [SILOS=..] [WORKERS=..] [CONCURRENCY=..]");
    return 2;
}
var settings = BenchSettings.Parse(args.Skip(1));
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
    default:
        Console.Error.WriteLine($"unknown scenario '{args[0]}'");
        return 2;
}
