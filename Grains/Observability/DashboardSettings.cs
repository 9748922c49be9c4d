using Microsoft.Extensions.Configuration;

namespace Orchestrator.Grains.Observability;

/// <summary>
/// Whether the Orleans dashboard is on (<c>Orchestrator:Dashboard:Enabled</c>). Read when the host is built, because
/// it decides which services exist: a silo with it registers the dashboard's grains and its grain-call profiler, a
/// gateway maps <c>/dashboard</c>. Gateways and silos of one cluster must agree: a gateway's dashboard asks the
/// silos' dashboard grains.
/// <para>
/// Default: on, except in cluster mode (<c>Orchestrator:Mode</c> = <c>Cluster</c>, on silos and gateways alike). The
/// profiler is an incoming grain-call filter on every call, which takes calls off Orleans' filterless path and, while
/// a dashboard is open (until a minute after its last poll), times each one: a measurable share of throughput, fine
/// for development, opted into by a production cluster.
/// </para>
/// </summary>
public static class DashboardSettings
{
    public const string EnabledKey = "Orchestrator:Dashboard:Enabled";
    public const string ModeKey = "Orchestrator:Mode";
    public const string ClusterMode = "Cluster";

    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool?>(EnabledKey) ?? !string.Equals(configuration[ModeKey], ClusterMode, StringComparison.OrdinalIgnoreCase);
}
