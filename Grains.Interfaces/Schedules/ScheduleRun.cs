namespace Orchestrator.Grains.Interfaces.Schedules;

/// <summary>One fire of a schedule: the job (or workflow) it created, or why it created none (<paramref name="Skipped"/>).</summary>
[GenerateSerializer, Alias("ScheduleRun")]
public sealed record ScheduleRun(
    [property: Id(0)] DateTimeOffset FireTime,
    [property: Id(1)] ScheduleRunKind Kind,
    [property: Id(2)] Guid? JobId,
    [property: Id(3)] string? Skipped,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] bool IsWorkflow = false);
