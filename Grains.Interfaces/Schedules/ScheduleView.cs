namespace Orchestrator.Grains.Interfaces.Schedules;

/// <summary>A schedule as callers see it.</summary>
[GenerateSerializer, Alias("ScheduleView")]
public sealed record ScheduleView
{
    [Id(0)] public required string TenantId { get; init; }
    [Id(1)] public required Guid Id { get; init; }
    [Id(2)] public required ScheduleSpec Spec { get; init; }
    [Id(3)] public required ScheduleStatus Status { get; init; }
    [Id(4)] public DateTimeOffset? NextFireAt { get; init; }
    [Id(5)] public DateTimeOffset? LastFireAt { get; init; }
    [Id(6)] public Guid? LastJobId { get; init; }
    [Id(7)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(8)] public required DateTimeOffset UpdatedAt { get; init; }
    [Id(9)] public long FireCount { get; init; }
}
