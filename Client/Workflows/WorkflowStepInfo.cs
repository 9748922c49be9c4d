namespace Orchestrator.Client.Workflows;

/// <summary>One step of a workflow with its state.</summary>
public sealed record WorkflowStepInfo
{
    public required string Name { get; init; }
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    public required WorkflowStepStatus Status { get; init; }
    public string? Reason { get; init; }
    /// <summary>The step's current job.</summary>
    public Guid? JobId { get; init; }
    /// <summary>How many times the step ran (re-runs included).</summary>
    public int Runs { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>The job's result as JSON text, when it succeeded.</summary>
    public string? Result { get; init; }
    public string? Error { get; init; }
    /// <summary>Attempts the step's job used (known once it ended).</summary>
    public int Attempts { get; init; }
}
