namespace Orchestrator.Benchmarks.Targets;

public static class BenchTargets
{
    /// <summary>MODE=embedded|cluster, VIA=client|http.</summary>
    public static async Task<IBenchTarget> StartAsync(BenchSettings settings, string mode, string via, int silos)
    {
        var http = via switch
        {
            "client" => false,
            "http" => true,
            _ => throw new ArgumentException($"VIA must be client or http, not '{via}'."),
        };
        return mode switch
        {
            "embedded" => await EmbeddedTarget.StartAsync(http, new Dictionary<string, string>
            {
                ["Orchestrator:Executor:MaxConcurrency"] = settings.String("WORKERS", "64"),
            }),
            "cluster" => await ClusterTarget.StartAsync(settings, silos, http),
            _ => throw new ArgumentException($"MODE must be embedded or cluster, not '{mode}'."),
        };
    }
}
