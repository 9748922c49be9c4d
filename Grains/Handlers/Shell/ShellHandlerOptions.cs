namespace Orchestrator.Grains.Handlers.Shell;

/// <summary>The <c>shell</c> handler (<c>Orchestrator:Handlers:Shell</c>).</summary>
public sealed class ShellHandlerOptions
{
    public const string Section = "Orchestrator:Handlers:Shell";

    /// <summary>Runs commands on the silo's machine as the silo's user, so it is off unless the operator turns it on.</summary>
    public bool Enabled { get; set; }
}
