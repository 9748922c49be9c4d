using Orchestrator.Grains.Interfaces.Schedules;

namespace Orchestrator.Grains.Schedules;

/// <summary>One tenant's schedule ids, for listing; written by the schedule grains on create and delete.</summary>
public sealed class TenantSchedulesGrain(
    [PersistentState("tenant-schedules", ScheduleStorage.Name)] IPersistentState<TenantSchedulesState> list) : Grain, ITenantSchedulesGrain
{
    public async Task Add(Guid scheduleId)
    {
        if (list.State.Ids.Add(scheduleId)) await list.WriteStateAsync();
    }

    public async Task Remove(Guid scheduleId)
    {
        if (list.State.Ids.Remove(scheduleId)) await list.WriteStateAsync();
    }

    public Task<IReadOnlyList<Guid>> List() => Task.FromResult<IReadOnlyList<Guid>>([.. list.State.Ids]);
}
