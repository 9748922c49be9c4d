using Orchestrator.Grains.Interfaces.Workflows;

namespace Orchestrator.Grains.Workflows;

/// <summary>The persistent state of a tenant's workflow definitions. Ids are stable.</summary>
[GenerateSerializer, Alias("WorkflowDefinitionsState")]
public sealed class WorkflowDefinitionsState
{
    [Id(0)] public SortedDictionary<string, WorkflowSpec> Definitions { get; set; } = new(StringComparer.Ordinal);
}
