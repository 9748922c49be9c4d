namespace Orchestrator.Grains.Schedules;

/// <summary>The persistent state of a tenant's schedule list. Ids are stable.</summary>
[GenerateSerializer, Alias("TenantSchedulesState")]
public sealed class TenantSchedulesState
{
    [Id(0)] public SortedSet<Guid> Ids { get; set; } = [];
}
