namespace Orchestrator.Client.Schedules;

/// <summary>The tenant's recurring schedules. Each fire creates an ordinary job (tagged <c>schedule:{id}</c>) or workflow.</summary>
public interface ISchedules
{
    /// <summary>Creates a schedule; 400 names the bad field (<c>cron</c>, <c>timeZone</c>, <c>job.type</c>…).</summary>
    Task<ScheduleInfo> CreateAsync(ScheduleDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>The schedule, or null when the tenant has no such schedule.</summary>
    Task<ScheduleInfo?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The tenant's schedules, oldest first.</summary>
    Task<IReadOnlyList<ScheduleInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops firing.</summary>
    Task<ScheduleInfo> PauseAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Fires again from the next time after now (times passed while paused are not fired).</summary>
    Task<ScheduleInfo> ResumeAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Fires once now, as an extra run.</summary>
    Task<ScheduleRunInfo> TriggerAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Deletes the schedule; jobs it created stay.</summary>
    Task DeleteAsync(Guid id, CancellationToken cancellationToken = default);
}
