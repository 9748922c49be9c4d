namespace Orchestrator.Grains.Interfaces.Workflows;

/// <summary>One tenant's workflows and their last known status (key: tenant id), for listing.</summary>
[Alias("tenant-workflows")]
public interface ITenantWorkflowsGrain : IGrainWithStringKey
{
    /// <summary>Records a workflow's status.</summary>
    [Alias("set")]
    Task Set(Guid workflowId, WorkflowStatus status);

    /// <summary>The tenant's workflow ids, newest first, optionally only those in <paramref name="status"/>; at most <paramref name="limit"/>.</summary>
    [Alias("list")]
    Task<IReadOnlyList<Guid>> List(WorkflowStatus? status, int limit);
}
