using Orchestrator.Client.Jobs;

namespace Orchestrator.Client.Schedules;

/// <summary>What a recurring schedule fires (a <see cref="Job"/> or a saved <see cref="Workflow"/>, not both) and when.</summary>
public sealed record ScheduleDefinition
{
    /// <summary>Cron (5 fields, or 6 with seconds first), a macro (<c>@hourly</c>) or <c>@every &lt;duration&gt;</c>.</summary>
    public required string Cron { get; init; }
    /// <summary>IANA time zone of <see cref="Cron"/>; UTC when null.</summary>
    public string? TimeZone { get; init; }
    /// <summary>The job each fire creates.</summary>
    public JobTemplate? Job { get; init; }
    /// <summary>The name of a saved workflow definition each fire starts, instead of a job.</summary>
    public string? Workflow { get; init; }
    /// <summary>No fire before; also the anchor of <c>@every</c>.</summary>
    public DateTimeOffset? StartAt { get; init; }
    /// <summary>No fire after; must be in the future.</summary>
    public DateTimeOffset? EndAt { get; init; }
    /// <summary>At most 1,000 characters.</summary>
    public string? Description { get; init; }
    public ScheduleMisfire? Misfire { get; init; }
    public ScheduleOverlap? Overlap { get; init; }
}
