namespace Orchestrator.Silo.Hosting;

/// <summary>Schema management (<c>Orchestrator:Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Orchestrator:Database";

    /// <summary>Apply pending sql/ migrations when a cluster-mode silo starts (safe with many silos: they take turns). Default false: run <c>Silo migrate</c>.</summary>
    public bool MigrateOnStart { get; set; }
}
