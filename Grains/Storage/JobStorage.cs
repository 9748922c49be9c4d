namespace Orchestrator.Grains.Storage;

/// <summary>Names of the grain storages the orchestrator uses.</summary>
public static class JobStorage
{
    /// <summary>Job grain state. The provider behind it also serves <see cref="IJobQueryStore"/>, so a list reads the rows the grains wrote.</summary>
    public const string Name = "jobs";
}
