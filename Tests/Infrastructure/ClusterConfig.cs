namespace Orchestrator.Tests.Infrastructure;

/// <summary>Settings of a cluster-mode test topology, as configuration keys and as environment variables.</summary>
public sealed class ClusterConfig(string connectionString)
{
    public string ConnectionString { get; } = connectionString;
    public string ClusterId { get; } = $"test-{Guid.NewGuid():N}";

    /// <summary>Fast failure detection and a 5 s lease check, so kill tests take seconds, not minutes.</summary>
    public Dictionary<string, string> Common() => new(TestAuth.Settings(shellEnabled: true))
    {
        ["ConnectionStrings:Orchestrator"] = ConnectionString,
        ["Orchestrator:Mode"] = "Cluster",
        ["Orchestrator:Cluster:ClusterId"] = ClusterId,
        ["Orchestrator:Cluster:Membership:ProbeTimeout"] = "00:00:01",
        ["Orchestrator:Cluster:Membership:NumMissedProbesLimit"] = "2",
        ["Orchestrator:Cluster:Membership:NumVotesForDeathDeclaration"] = "1",
        ["Orchestrator:Cluster:Membership:TableRefreshTimeout"] = "00:00:02",
        ["Orchestrator:Cluster:Membership:IAmAliveTablePublishTimeout"] = "00:00:05",
        ["Orchestrator:Cluster:Reminders:MinimumReminderPeriod"] = "00:00:01",
        ["Orchestrator:Jobs:LeaseCheckPeriod"] = "00:00:05",
        ["Orchestrator:Schedules:ReminderPeriod"] = "00:00:02",
        ["Orchestrator:Handlers:Shell:Enabled"] = "true",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Orchestrator"] = "Information",
    };

    public Dictionary<string, string> Silo(int siloPort, int gatewayPort)
    {
        var settings = Common();
        settings["Orchestrator:Silo:SiloPort"] = siloPort.ToString();
        settings["Orchestrator:Silo:GatewayPort"] = gatewayPort.ToString();
        settings["Orchestrator:Silo:AdvertisedAddress"] = "127.0.0.1";
        return settings;
    }

    public Dictionary<string, string> Api(int httpPort)
    {
        var settings = Common();
        settings["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        return settings;
    }

    /// <summary>Configuration keys as environment variables (<c>:</c> → <c>__</c>).</summary>
    public static Dictionary<string, string> AsEnvironment(Dictionary<string, string> settings) =>
        settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
}
