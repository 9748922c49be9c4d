using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Interfaces.Schedules;

/// <summary>What a recurring schedule fires and when. Validated by the gateway and again by the grain.</summary>
[GenerateSerializer, Alias("ScheduleSpec")]
public sealed record ScheduleSpec
{
    /// <summary>Cron (5 fields, or 6 with seconds first), a macro (<c>@hourly</c>…) or <c>@every &lt;duration&gt;</c>.</summary>
    [Id(0)] public required string Cron { get; init; }

    /// <summary>IANA time zone of the cron expression; UTC when null.</summary>
    [Id(1)] public string? TimeZone { get; init; }

    /// <summary>The job each fire creates (its delay, run time and idempotency key are not used); null when <see cref="Workflow"/> is set.</summary>
    [Id(2)] public JobSpec? Job { get; init; }

    /// <summary>No fire before this time (also the anchor of <c>@every</c>); the creation time when null.</summary>
    [Id(3)] public DateTimeOffset? StartAt { get; init; }

    /// <summary>No fire after this time; the schedule then ends.</summary>
    [Id(4)] public DateTimeOffset? EndAt { get; init; }

    [Id(5)] public string? Description { get; init; }
    [Id(6)] public MisfirePolicy Misfire { get; init; }
    [Id(7)] public OverlapPolicy Overlap { get; init; }

    /// <summary>The saved workflow definition each fire starts, instead of a job.</summary>
    [Id(8)] public string? Workflow { get; init; }
}
