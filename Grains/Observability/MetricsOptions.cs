namespace Orchestrator.Grains.Observability;

/// <summary><c>Orchestrator:Metrics</c>: how the cluster-wide gauges are computed.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Orchestrator:Metrics";

    /// <summary>
    /// How old a queue-depth count may be before a scrape triggers a new one (default 15 s). In cluster mode a count
    /// scans the jobs table, so it runs at most this often, not once per scrape per silo.
    /// </summary>
    public TimeSpan QueueDepthRefresh { get; set; } = TimeSpan.FromSeconds(15);
}
