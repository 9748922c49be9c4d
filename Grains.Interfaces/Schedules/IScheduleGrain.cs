namespace Orchestrator.Grains.Interfaces.Schedules;

/// <summary>
/// One recurring schedule, keyed <c>{tenant}/{scheduleId}</c>. Each fire creates an ordinary job whose id is derived
/// from (schedule, fire time), so a fire creates at most one job even when it is attempted twice (failover, a retry
/// after a lost write).
/// </summary>
[Alias("schedule")]
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>Creates the schedule (the same spec again returns it; another spec is a conflict).</summary>
    [Alias("create")]
    Task<ScheduleView> Create(ScheduleSpec spec);

    /// <summary>The schedule, or null when it does not exist.</summary>
    [Alias("get")]
    Task<ScheduleView?> Get();

    /// <summary>Replaces the spec; the next fire is computed again from now.</summary>
    [Alias("update")]
    Task<ScheduleView> Update(ScheduleSpec spec);

    /// <summary>Deletes the schedule; jobs it already created are not touched.</summary>
    [Alias("delete")]
    Task Delete();

    /// <summary>Stops firing until <see cref="Resume"/>.</summary>
    [Alias("pause")]
    Task<ScheduleView> Pause();

    /// <summary>Fires again from the next time after now; times passed while paused are not fired.</summary>
    [Alias("resume")]
    Task<ScheduleView> Resume();

    /// <summary>An extra fire now, whatever the overlap policy; the regular times are unchanged.</summary>
    [Alias("trigger")]
    Task<ScheduleRun> Trigger();

    /// <summary>The next <paramref name="count"/> fire times (none while paused or ended).</summary>
    [Alias("next")]
    Task<IReadOnlyList<DateTimeOffset>> Next(int count);

    /// <summary>The latest fires, newest first (the last 100 are kept).</summary>
    [Alias("runs")]
    Task<IReadOnlyList<ScheduleRun>> Runs();
}
