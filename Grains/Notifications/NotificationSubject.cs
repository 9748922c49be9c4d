namespace Orchestrator.Grains.Notifications;

/// <summary>What happened, as rules match it and deliveries describe it: a job's transition or a workflow's end.</summary>
public sealed record NotificationSubject
{
    public required string TenantId { get; init; }
    /// <summary>A name from <see cref="Interfaces.Notifications.NotificationEvents"/>.</summary>
    public required string Event { get; init; }
    /// <summary>The job's id, or the workflow's for <c>workflow.finished</c>.</summary>
    public required Guid Id { get; init; }
    public required string Status { get; init; }
    /// <summary>The job's attempt, or the workflow's run.</summary>
    public int Attempt { get; init; }
    public string? Error { get; init; }
    /// <summary>The job's result (JSON text) when it succeeded.</summary>
    public string? ResultJson { get; init; }
    public required DateTimeOffset At { get; init; }
    public string? Queue { get; init; }
    public string? Type { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>The workflow a job is a step of (with the step's name), or the workflow itself.</summary>
    public Guid? WorkflowId { get; init; }
    public string? Step { get; init; }
    public string? WorkflowName { get; init; }
    public string CorrelationId { get; init; } = "";

    public bool IsWorkflow => Event == Interfaces.Notifications.NotificationEvents.WorkflowFinished;
}
