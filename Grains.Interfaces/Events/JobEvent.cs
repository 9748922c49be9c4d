namespace Orchestrator.Grains.Interfaces.Events;

/// <summary>
/// One live event of a tenant: a job's status change (every state write: submitted, started, retrying, ended...) or a
/// workflow's end. Live only: events are not stored and a listener that was not connected does not get them.
/// </summary>
[GenerateSerializer, Immutable, Alias("JobEvent")]
public sealed record JobEvent
{
    /// <summary><see cref="JobEventKinds.Job"/> or <see cref="JobEventKinds.Workflow"/>.</summary>
    [Id(0)] public required string Kind { get; init; }
    [Id(1)] public required string TenantId { get; init; }
    /// <summary>The job's id, or the workflow's for a workflow event.</summary>
    [Id(2)] public required Guid Id { get; init; }
    /// <summary>The job's or the workflow's status name (e.g. <c>Succeeded</c>).</summary>
    [Id(3)] public required string Status { get; init; }
    [Id(4)] public int Attempt { get; init; }
    [Id(5)] public string? Queue { get; init; }
    [Id(6)] public string? Type { get; init; }
    /// <summary>Why the status changed, as the job's history records it.</summary>
    [Id(7)] public string? Reason { get; init; }
    [Id(8)] public required DateTimeOffset At { get; init; }
    /// <summary>The workflow a step's job belongs to, and the step's name.</summary>
    [Id(9)] public Guid? WorkflowId { get; init; }
    [Id(10)] public string? Step { get; init; }
}
