using Orchestrator.Client.Jobs;

namespace Orchestrator.Client.Workflows;

/// <summary>One step of a workflow: a job and its place in the graph.</summary>
public sealed record WorkflowStepDefinition
{
    /// <summary>Unique in the workflow: letters, digits, <c>-</c> and <c>_</c>.</summary>
    public required string Name { get; init; }
    /// <summary>The job the step runs; a payload string <c>"{{steps.NAME.result}}"</c> is replaced by that ancestor's result.</summary>
    public required JobTemplate Job { get; init; }
    public IReadOnlyList<string>? DependsOn { get; init; }
    public StepTrigger? Trigger { get; init; }
    /// <summary>Optional: <c>steps.NAME.result.path == json</c> (or <c>!=</c>); false skips the step.</summary>
    public string? Condition { get; init; }
    public StepFailurePolicy? OnFailure { get; init; }
}
