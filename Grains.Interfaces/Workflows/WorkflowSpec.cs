namespace Orchestrator.Grains.Interfaces.Workflows;

/// <summary>A workflow to run: a DAG of steps and its policies.</summary>
[GenerateSerializer, Alias("WorkflowSpec")]
public sealed record WorkflowSpec
{
    [Id(0)] public required IReadOnlyList<WorkflowStepSpec> Steps { get; init; }
    [Id(1)] public WorkflowFailurePolicy FailurePolicy { get; init; }

    /// <summary>The whole workflow's deadline from its start; running steps are cancelled when it passes.</summary>
    [Id(2)] public TimeSpan? Timeout { get; init; }

    [Id(3)] public string? Name { get; init; }
    [Id(4)] public required string CorrelationId { get; init; }
}
