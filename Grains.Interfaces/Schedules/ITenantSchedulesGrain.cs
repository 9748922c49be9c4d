namespace Orchestrator.Grains.Interfaces.Schedules;

/// <summary>The list of one tenant's schedules (key: tenant id), kept by the schedule grains.</summary>
[Alias("tenant-schedules")]
public interface ITenantSchedulesGrain : IGrainWithStringKey
{
    /// <summary>Records a schedule's id.</summary>
    [Alias("add")]
    Task Add(Guid scheduleId);

    /// <summary>Forgets a deleted schedule.</summary>
    [Alias("remove")]
    Task Remove(Guid scheduleId);

    /// <summary>The tenant's schedule ids, oldest first (UUIDv7 order).</summary>
    [Alias("list")]
    Task<IReadOnlyList<Guid>> List();
}
