using Orchestrator.Grains.Interfaces.Schedules;

namespace Orchestrator.Grains.Schedules;

/// <summary>The persistent state of one schedule grain. Ids are stable: never renumber or reuse one.</summary>
[GenerateSerializer, Alias("ScheduleState")]
public sealed class ScheduleState
{
    [Id(0)] public string TenantId { get; set; } = "";
    [Id(1)] public Guid Id { get; set; }
    [Id(2)] public ScheduleSpec? Spec { get; set; }
    [Id(3)] public bool Paused { get; set; }
    /// <summary>Every fire time up to here has been fired, skipped or counted as missed.</summary>
    [Id(4)] public DateTimeOffset HandledThrough { get; set; }
    [Id(5)] public DateTimeOffset? NextFireAt { get; set; }
    [Id(6)] public DateTimeOffset? LastFireAt { get; set; }
    [Id(7)] public Guid? LastJobId { get; set; }
    [Id(8)] public List<ScheduleRun> Runs { get; set; } = [];
    [Id(9)] public DateTimeOffset CreatedAt { get; set; }
    [Id(10)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(11)] public long FireCount { get; set; }
    /// <summary>Under <c>queue-one</c>: the fire waiting for the previous run to end.</summary>
    [Id(12)] public DateTimeOffset? QueuedFire { get; set; }
    [Id(13)] public ScheduleRunKind QueuedFireKind { get; set; }
    /// <summary>The last fire started a workflow (<see cref="LastJobId"/> is then the workflow's id).</summary>
    [Id(14)] public bool LastRunIsWorkflow { get; set; }
}
