using Orchestrator.Grains.Interfaces.Workflows;

namespace Orchestrator.Grains.Workflows;

/// <summary>The persistent state of one step of a workflow. Ids are stable.</summary>
[GenerateSerializer, Alias("WorkflowStepState")]
public sealed class WorkflowStepState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public StepStatus Status { get; set; }
    [Id(2)] public string? Reason { get; set; }
    [Id(3)] public Guid? JobId { get; set; }
    /// <summary>How many times the step was started (a rerun starts it again with a new job).</summary>
    [Id(4)] public int Runs { get; set; }
    [Id(5)] public DateTimeOffset? StartedAt { get; set; }
    [Id(6)] public DateTimeOffset? EndedAt { get; set; }
    [Id(7)] public string? Result { get; set; }
    [Id(8)] public string? Error { get; set; }
    [Id(9)] public int Attempts { get; set; }

    public bool IsEnded => Status is StepStatus.Succeeded or StepStatus.Failed or StepStatus.Skipped or StepStatus.Cancelled;

    public WorkflowStepView ToView(IReadOnlyList<string> dependsOn) => new()
    {
        Name = Name,
        DependsOn = dependsOn,
        Status = Status,
        Reason = Reason,
        JobId = JobId,
        Runs = Runs,
        StartedAt = StartedAt,
        EndedAt = EndedAt,
        Result = Result,
        Error = Error,
        Attempts = Attempts,
    };
}
