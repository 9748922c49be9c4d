namespace Orchestrator.Client.Workflows;

/// <summary>A workflow run with each step's state.</summary>
public sealed record WorkflowInfo
{
    public required Guid Id { get; init; }
    public required string TenantId { get; init; }
    public string? Name { get; init; }
    public required WorkflowStatus Status { get; init; }
    public WorkflowFailurePolicy FailurePolicy { get; init; }
    public IReadOnlyList<WorkflowStepInfo> Steps { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>1, then one more per re-run.</summary>
    public int Run { get; init; }
    public required string CorrelationId { get; init; }

    /// <summary>Whether the run ended (anything but <see cref="WorkflowStatus.Running"/>).</summary>
    public bool IsFinished => Status != WorkflowStatus.Running;
}
