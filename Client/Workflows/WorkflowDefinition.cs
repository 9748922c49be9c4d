namespace Orchestrator.Client.Workflows;

/// <summary>A workflow to run: a DAG of up to 1,000 steps and its policies.</summary>
public sealed record WorkflowDefinition
{
    /// <summary>Optional label, 1-100 characters.</summary>
    public string? Name { get; init; }
    public required IReadOnlyList<WorkflowStepDefinition> Steps { get; init; }
    public WorkflowFailurePolicy? FailurePolicy { get; init; }
    /// <summary>The whole workflow's deadline from its start.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>Carried by every step's job; a new id when null.</summary>
    public string? CorrelationId { get; init; }
}
