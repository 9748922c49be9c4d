using Orchestrator.Grains.Interfaces.Workflows;

namespace Orchestrator.Grains.Workflows;

/// <summary>One tenant's workflow ids and statuses, for listing; written by the workflow grains when their status changes.</summary>
public sealed class TenantWorkflowsGrain(
    [PersistentState("tenant-workflows", WorkflowStorage.Name)] IPersistentState<TenantWorkflowsState> list) : Grain, ITenantWorkflowsGrain
{
    public async Task Set(Guid workflowId, WorkflowStatus status)
    {
        if (list.State.Workflows.TryGetValue(workflowId, out var known) && known == status) return;
        list.State.Workflows[workflowId] = status;
        await list.WriteStateAsync();
    }

    public Task<IReadOnlyList<Guid>> List(WorkflowStatus? status, int limit) =>
        Task.FromResult<IReadOnlyList<Guid>>(list.State.Workflows
            .Where(w => status is null || w.Value == status)
            .Select(w => w.Key).OrderDescending().Take(limit).ToList());
}
