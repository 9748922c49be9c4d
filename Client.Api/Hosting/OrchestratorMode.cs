namespace Orchestrator.Client.Api.Hosting;

/// <summary>How the gateway reaches the grains (<c>Orchestrator:Mode</c>).</summary>
public enum OrchestratorMode
{
    /// <summary>Default: a silo co-hosted in this process with localhost clustering and in-memory storage and reminders.</summary>
    Embedded,
    /// <summary>Gateway only: an Orleans client of a localhost silo started separately (<c>dotnet run --project Silo</c>).</summary>
    Gateway,
    /// <summary>Gateway only: an Orleans client of a PostgreSQL-clustered set of silos (<c>ConnectionStrings:Orchestrator</c>).</summary>
    Cluster,
}
