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

    /// <summary>
    /// Tenants whose job metrics carry their id in a <c>tenant</c> label (opt-in and bounded: every other tenant's
    /// series have an empty <c>tenant</c>, which Prometheus treats as no label). Empty by default: per-tenant series
    /// for every tenant would grow without bound.
    /// </summary>
    public string[] TenantLabels { get; set; } = [];
}
