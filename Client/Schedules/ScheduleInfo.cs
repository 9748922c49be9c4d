using Orchestrator.Client.Jobs;

namespace Orchestrator.Client.Schedules;

/// <summary>A schedule with its next fire.</summary>
public sealed record ScheduleInfo
{
    public required Guid Id { get; init; }
    public required string Cron { get; init; }
    public string? TimeZone { get; init; }
    public JobTemplate? Job { get; init; }
    public string? Workflow { get; init; }
    public DateTimeOffset? StartAt { get; init; }
    public DateTimeOffset? EndAt { get; init; }
    public string? Description { get; init; }
    public ScheduleMisfire Misfire { get; init; }
    public ScheduleOverlap Overlap { get; init; }
    public required ScheduleStatus Status { get; init; }
    /// <summary>Null while paused or ended.</summary>
    public DateTimeOffset? NextFireAt { get; init; }
    public DateTimeOffset? LastFireAt { get; init; }
    public Guid? LastJobId { get; init; }
    public long FireCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
