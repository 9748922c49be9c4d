namespace Orchestrator.Grains.Interfaces.Workflows;

/// <summary>One step of a workflow as callers see it.</summary>
[GenerateSerializer, Alias("WorkflowStepView")]
public sealed record WorkflowStepView
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required IReadOnlyList<string> DependsOn { get; init; }
    [Id(2)] public required StepStatus Status { get; init; }
    [Id(3)] public string? Reason { get; init; }
    [Id(4)] public Guid? JobId { get; init; }
    [Id(5)] public int Runs { get; init; }
    [Id(6)] public DateTimeOffset? StartedAt { get; init; }
    [Id(7)] public DateTimeOffset? EndedAt { get; init; }
    [Id(8)] public string? Result { get; init; }
    [Id(9)] public string? Error { get; init; }
    /// <summary>Attempts the step's job used (known when it ended; a running step's attempts are on its job).</summary>
    [Id(10)] public int Attempts { get; init; }
}

/// <summary>A workflow with each step's state.</summary>
[GenerateSerializer, Alias("WorkflowView")]
public sealed record WorkflowView
{
    [Id(0)] public required string TenantId { get; init; }
    [Id(1)] public required Guid Id { get; init; }
    [Id(2)] public string? Name { get; init; }
    [Id(3)] public required WorkflowStatus Status { get; init; }
    [Id(4)] public required WorkflowFailurePolicy FailurePolicy { get; init; }
    [Id(5)] public required IReadOnlyList<WorkflowStepView> Steps { get; init; }
    [Id(6)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(7)] public DateTimeOffset? EndedAt { get; init; }
    [Id(8)] public int Run { get; init; }
    [Id(9)] public required string CorrelationId { get; init; }
}
