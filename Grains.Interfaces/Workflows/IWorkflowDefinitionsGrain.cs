namespace Orchestrator.Grains.Interfaces.Workflows;

/// <summary>
/// A tenant's saved workflow definitions (key: tenant id), started again by name — by a caller or by a schedule.
/// One small record per definition, at most <see cref="MaxDefinitions"/> per tenant.
/// </summary>
[Alias("workflow-definitions")]
public interface IWorkflowDefinitionsGrain : IGrainWithStringKey
{
    public const int MaxDefinitions = 1000;

    /// <summary>Saves (creates or replaces) a definition under its name; true when it was new.</summary>
    [Alias("save")]
    Task<bool> Save(string name, WorkflowSpec spec);

    /// <summary>The definition, or null.</summary>
    [Alias("get")]
    Task<WorkflowSpec?> Get(string name);

    /// <summary>The definitions' names, in order.</summary>
    [Alias("list")]
    Task<IReadOnlyList<string>> List();

    /// <summary>Deletes a definition; false when there was none.</summary>
    [Alias("delete")]
    Task<bool> Delete(string name);
}
