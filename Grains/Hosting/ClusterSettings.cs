using Microsoft.Extensions.Configuration;

namespace Orchestrator.Grains.Hosting;

/// <summary>
/// Cluster mode on PostgreSQL (<c>Orchestrator:Cluster</c> and <c>ConnectionStrings:Orchestrator</c>), shared by
/// silos and gateways: both must name the same cluster and database to find each other.
/// </summary>
public sealed class ClusterSettings
{
    public const string Section = "Orchestrator:Cluster";
    public const string ConnectionStringName = "Orchestrator";
    /// <summary>The ADO.NET invariant of every Orleans provider (persistence would default to SQL Server).</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Silos and clients with the same cluster id form one cluster. Default <c>orchestrator</c>.</summary>
    public string ClusterId { get; set; } = "orchestrator";

    /// <summary>Identifies the service's durable data (grain state, reminders) across cluster ids. Default <c>orchestrator</c>.</summary>
    public string ServiceId { get; set; } = "orchestrator";

    public static ClusterSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ClusterSettings>() ?? new ClusterSettings();

    /// <summary>The PostgreSQL connection string, or a start-up failure that says what to set.</summary>
    public static string RequireConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"Cluster mode needs a PostgreSQL connection string: set ConnectionStrings:{ConnectionStringName} (environment variable ConnectionStrings__{ConnectionStringName}).");
}
