using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Interfaces.Workflows;

/// <summary>One step of a workflow: a job template plus its place in the graph and its rules.</summary>
[GenerateSerializer, Alias("WorkflowStepSpec")]
public sealed record WorkflowStepSpec
{
    [Id(0)] public required string Name { get; init; }

    /// <summary>The job the step runs. Its payload may hold <c>"{{steps.NAME.result}}"</c> (or <c>.result.a.b</c>) as a whole string value, replaced by that ancestor's result when the step starts.</summary>
    [Id(1)] public required JobSpec Job { get; init; }

    [Id(2)] public IReadOnlyList<string> DependsOn { get; init; } = [];
    [Id(3)] public StepTrigger Trigger { get; init; }

    /// <summary>Optional: <c>steps.NAME.result.path == json</c> (or <c>!=</c>) on a parent's result; false → the step is skipped.</summary>
    [Id(4)] public string? Condition { get; init; }

    [Id(5)] public StepFailurePolicy OnFailure { get; init; }
}
