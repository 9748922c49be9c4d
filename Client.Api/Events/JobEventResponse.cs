using Orchestrator.Grains.Interfaces.Events;

namespace Orchestrator.Client.Api.Events;

/// <summary>The <c>data</c> of one <c>/v1/events</c> message (its <c>event</c> name is <see cref="Kind"/>).</summary>
public sealed record JobEventResponse(string Kind, Guid Id, string Status, int Attempt, string? Queue, string? Type, string? Reason,
    DateTimeOffset At, Guid? WorkflowId, string? Step)
{
    public static JobEventResponse From(JobEvent e) => new(e.Kind, e.Id, e.Status, e.Attempt, e.Queue, e.Type, e.Reason, e.At, e.WorkflowId, e.Step);
}
