using Orchestrator.Grains.Interfaces.Events;

namespace Orchestrator.Client.Api.Events;

/// <summary>What a <c>/v1/events</c> listener asked for: every field set must match (null matches anything).</summary>
public sealed record EventFilter(string? Kind, string? Queue, string? Type, Guid? JobId, Guid? WorkflowId)
{
    public bool Matches(JobEvent e) =>
        (Kind is null || e.Kind == Kind)
        && (Queue is null || e.Queue == Queue)
        && (Type is null || e.Type == Type)
        && (JobId is null || (e.Kind == JobEventKinds.Job && e.Id == JobId))
        && (WorkflowId is null || e.WorkflowId == WorkflowId || (e.Kind == JobEventKinds.Workflow && e.Id == WorkflowId));
}
