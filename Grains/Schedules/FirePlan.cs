using Orchestrator.Grains.Interfaces.Schedules;

namespace Orchestrator.Grains.Schedules;

/// <summary>One fire time to fire now, and why.</summary>
public readonly record struct DueFire(DateTimeOffset FireTime, ScheduleRunKind Kind);

/// <summary>
/// Which fire times a schedule fires when it wakes, by its misfire policy — a pure function, so every policy is
/// tested with fixed times. A fire time is <em>on time</em> when it is at most <c>threshold</c> old (it fires as
/// scheduled, whatever the policy) and <em>missed</em> when older (the schedule was not running then).
/// </summary>
public static class FirePlan
{
    /// <summary>How many on-time fires one wake-up fires at most (an every-second schedule after a long stall).</summary>
    public const int MaxOnTime = 100;

    /// <summary>
    /// The fires due at <paramref name="now"/> for a schedule that has handled every time up to
    /// <paramref name="handledThrough"/>, and the time it has handled through afterwards.
    /// </summary>
    public static (List<DueFire> Fires, DateTimeOffset HandledThrough) Plan(
        CronSchedule cron, DateTimeOffset handledThrough, DateTimeOffset now, DateTimeOffset? endAt,
        MisfirePolicy policy, TimeSpan threshold, int maxCatchUp)
    {
        var fires = new List<DueFire>();
        var until = endAt is { } end && end < now ? end : now;
        if (until <= handledThrough) return (fires, handledThrough);

        var cutoff = now - threshold;
        var missedUntil = cutoff < until ? cutoff : until;
        if (missedUntil > handledThrough && cron.Next(handledThrough) is { } firstMissed && firstMissed <= missedUntil)
        {
            switch (policy)
            {
                case MisfirePolicy.FireAll:
                    fires.AddRange(cron.Between(handledThrough, missedUntil, maxCatchUp).Select(t => new DueFire(t, ScheduleRunKind.CatchUp)));
                    break;
                case MisfirePolicy.FireOnce:
                    fires.Add(new DueFire(Latest(cron, firstMissed, missedUntil), ScheduleRunKind.CatchUp));
                    break;
            }
        }
        var onTimeFrom = missedUntil > handledThrough ? missedUntil : handledThrough;
        fires.AddRange(cron.Between(onTimeFrom, until, MaxOnTime).Select(t => new DueFire(t, ScheduleRunKind.Scheduled)));
        return (fires, until);
    }

    /// <summary>
    /// The last fire time at or before <paramref name="cutoff"/>, given one (<paramref name="known"/>) that is: found by
    /// looking back in growing windows rather than walking every time since <paramref name="known"/>, which after a
    /// long outage of an every-second schedule would be millions of steps.
    /// </summary>
    public static DateTimeOffset Latest(CronSchedule cron, DateTimeOffset known, DateTimeOffset cutoff)
    {
        var latest = known;
        foreach (var window in new[] { TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(32), TimeSpan.FromDays(367), TimeSpan.FromDays(3660) })
        {
            var from = cutoff - window;
            if (from < known) from = known;
            if (cron.Next(from) is not { } t || t > cutoff) continue;
            for (DateTimeOffset? next = t; next is { } n && n <= cutoff; next = cron.Next(n)) latest = n;
            return latest;
        }
        return latest;
    }
}
