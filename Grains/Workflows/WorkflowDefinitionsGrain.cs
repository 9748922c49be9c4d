using Orchestrator.Grains.Interfaces.Tenants;
using Orchestrator.Grains.Interfaces.Workflows;

namespace Orchestrator.Grains.Workflows;

/// <summary>A tenant's saved workflow definitions, by name.</summary>
public sealed class WorkflowDefinitionsGrain(
    [PersistentState("workflow-definitions", WorkflowStorage.Name)] IPersistentState<WorkflowDefinitionsState> definitions) : Grain, IWorkflowDefinitionsGrain
{
    public async Task<bool> Save(string name, WorkflowSpec spec)
    {
        var all = definitions.State.Definitions;
        var created = !all.ContainsKey(name);
        if (created && all.Count >= IWorkflowDefinitionsGrain.MaxDefinitions)
        {
            throw new TenancyRuleException($"A tenant keeps at most {IWorkflowDefinitionsGrain.MaxDefinitions} workflow definitions; delete one first.");
        }
        all[name] = spec with { Name = name };
        await definitions.WriteStateAsync();
        return created;
    }

    public Task<WorkflowSpec?> Get(string name) =>
        Task.FromResult(definitions.State.Definitions.TryGetValue(name, out var spec) ? spec : null);

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. definitions.State.Definitions.Keys]);

    public async Task<bool> Delete(string name)
    {
        if (!definitions.State.Definitions.Remove(name)) return false;
        await definitions.WriteStateAsync();
        return true;
    }
}
