using Orchestrator.Grains.Interfaces.Workflows;

namespace Orchestrator.Grains.Workflows;

/// <summary>The persistent state of a tenant's workflow list. Ids are stable.</summary>
[GenerateSerializer, Alias("TenantWorkflowsState")]
public sealed class TenantWorkflowsState
{
    [Id(0)] public Dictionary<Guid, WorkflowStatus> Workflows { get; set; } = [];
}
