using Microsoft.Extensions.Configuration;

namespace Orchestrator.Grains.Observability;

/// <summary>
/// Whether the Orleans dashboard is on (<c>Orchestrator:Dashboard:Enabled</c>). Read when the host is built, because
/// it decides which services exist: a silo with it registers the dashboard's grains and its grain-call profiler, a
/// gateway maps <c>/dashboard</c>. Gateways and silos of one cluster must agree: a gateway's dashboard asks the
/// silos' dashboard grains.
/// </summary>
public static class DashboardSettings
{
    public const string EnabledKey = "Orchestrator:Dashboard:Enabled";

    /// <summary>On unless set to false, in every mode: the profiler records calls only while someone watches.</summary>
    public const bool EnabledByDefault = true;

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue(EnabledKey, EnabledByDefault);
}
