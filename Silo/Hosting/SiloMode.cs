namespace Orchestrator.Silo.Hosting;

/// <summary>How a silo finds its peers and stores its data (<c>Orchestrator:Mode</c>).</summary>
public enum SiloMode
{
    /// <summary>Default: localhost clustering, in-memory storage and reminders; a single silo on one machine.</summary>
    Localhost,
    /// <summary>ADO.NET clustering, storage and reminders on PostgreSQL (<c>ConnectionStrings:Orchestrator</c>); any number of silos.</summary>
    Cluster,
}
