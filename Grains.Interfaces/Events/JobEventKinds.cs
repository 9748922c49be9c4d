namespace Orchestrator.Grains.Interfaces.Events;

/// <summary>The kinds of <see cref="JobEvent"/>.</summary>
public static class JobEventKinds
{
    public const string Job = "job";
    public const string Workflow = "workflow";
}
