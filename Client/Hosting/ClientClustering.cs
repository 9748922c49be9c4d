namespace Orchestrator.Client.Hosting;

/// <summary>How the Orleans transport finds the cluster's gateways.</summary>
public enum ClientClustering
{
    /// <summary>A silo on this machine at <see cref="OrchestratorClientOptions.GatewayPort"/> (embedded or localhost mode).</summary>
    Localhost = 0,

    /// <summary>The membership table in PostgreSQL (cluster mode), the same database and cluster id as the silos.</summary>
    AdoNet = 1,
}
