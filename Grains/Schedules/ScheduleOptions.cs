using Microsoft.Extensions.Options;

namespace Orchestrator.Grains.Schedules;

/// <summary>Recurring schedules (<c>Orchestrator:Schedules</c>).</summary>
public sealed class ScheduleOptions
{
    public const string Section = "Orchestrator:Schedules";

    /// <summary>
    /// Period of each active schedule's reminder: the durable wake-up that brings a schedule back after its silo died
    /// or the cluster restarted (never below Orleans' <c>MinimumReminderPeriod</c>, 1 minute by default). Fires in
    /// between are made precise by a timer, which also looks at least this often.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A fire time older than this when the schedule wakes is missed and handled by the misfire policy (Quartz: 60 s).</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many missed times fire under <c>fire-all</c> (the oldest first); the rest are skipped.</summary>
    public int MaxCatchUp { get; set; } = 100;

    /// <summary>How often a schedule with a fire waiting under <c>queue-one</c> checks whether the previous run ended.</summary>
    public TimeSpan QueuedFireRecheck { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many runs a schedule keeps in its history.</summary>
    public int RunsKept { get; set; } = 100;
}

/// <summary>Rejects settings that would make schedules misbehave, at start.</summary>
public sealed class ScheduleOptionsValidator : IValidateOptions<ScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, ScheduleOptions o)
    {
        var errors = new List<string>();
        if (o.ReminderPeriod <= TimeSpan.Zero) errors.Add($"{ScheduleOptions.Section}:ReminderPeriod must be positive.");
        if (o.MisfireThreshold < TimeSpan.Zero) errors.Add($"{ScheduleOptions.Section}:MisfireThreshold must not be negative.");
        if (o.MaxCatchUp < 1) errors.Add($"{ScheduleOptions.Section}:MaxCatchUp must be at least 1.");
        if (o.QueuedFireRecheck <= TimeSpan.Zero) errors.Add($"{ScheduleOptions.Section}:QueuedFireRecheck must be positive.");
        if (o.RunsKept < 1) errors.Add($"{ScheduleOptions.Section}:RunsKept must be at least 1.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
