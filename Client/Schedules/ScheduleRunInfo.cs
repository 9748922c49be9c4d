namespace Orchestrator.Client.Schedules;

/// <summary>One fire of a schedule: the job (or workflow, <see cref="IsWorkflow"/>) it created, or why none (<see cref="Skipped"/>).</summary>
public sealed record ScheduleRunInfo
{
    public required DateTimeOffset FireTime { get; init; }
    public required ScheduleRunKind Kind { get; init; }
    /// <summary>The job's id, or the workflow's when <see cref="IsWorkflow"/>.</summary>
    public Guid? JobId { get; init; }
    public string? Skipped { get; init; }
    public DateTimeOffset At { get; init; }
    public bool IsWorkflow { get; init; }
}
