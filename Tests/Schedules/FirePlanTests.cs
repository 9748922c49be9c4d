using Orchestrator.Grains.Interfaces.Schedules;
using Orchestrator.Grains.Schedules;

namespace Orchestrator.Tests.Schedules;

/// <summary>
/// What a schedule fires when it wakes after a downtime, per misfire policy: fixed instants stand in for the clock
/// (an every-minute schedule that handled everything up to 10:00 and wakes at 10:10:05; threshold 60 s).
/// </summary>
public sealed class FirePlanTests
{
    private static readonly DateTimeOffset Day = DateTimeOffset.Parse("2026-05-04T00:00:00Z");
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(60);

    private static DateTimeOffset At(string time) => Day + TimeSpan.Parse(time);

    private static CronSchedule EveryMinute()
    {
        Assert.True(CronSchedule.TryParse("* * * * *", null, Day, out var cron, out _));
        return cron;
    }

    private static string Describe(IEnumerable<DueFire> fires) =>
        string.Join(" ", fires.Select(f => $"{f.FireTime.UtcDateTime:HH:mm}{(f.Kind == ScheduleRunKind.CatchUp ? "c" : "")}"));

    [Theory]
    // policy, handled through, now, max catch-up, fires ("c" = catch-up), handled through afterwards
    [InlineData(MisfirePolicy.FireOnce, "10:00:00", "10:10:05", 100, "10:09c 10:10", "10:10:05")]
    [InlineData(MisfirePolicy.FireAll, "10:00:00", "10:10:05", 100, "10:01c 10:02c 10:03c 10:04c 10:05c 10:06c 10:07c 10:08c 10:09c 10:10", "10:10:05")]
    [InlineData(MisfirePolicy.FireAll, "10:00:00", "10:10:05", 3, "10:01c 10:02c 10:03c 10:10", "10:10:05")]
    [InlineData(MisfirePolicy.Skip, "10:00:00", "10:10:05", 100, "10:10", "10:10:05")]
    // No downtime: a wake-up a little late fires the due time as scheduled, whatever the policy.
    [InlineData(MisfirePolicy.Skip, "10:09:30", "10:10:00.5", 100, "10:10", "10:10:00.5")]
    [InlineData(MisfirePolicy.FireOnce, "10:09:30", "10:10:00.5", 100, "10:10", "10:10:00.5")]
    // 10:09 is 65 s late at 10:10:05, past the threshold: missed, so dropped by skip…
    [InlineData(MisfirePolicy.Skip, "10:08:30", "10:10:05", 100, "10:10", "10:10:05")]
    // …but 59 s late at 10:09:59 is on time, and fires as scheduled.
    [InlineData(MisfirePolicy.Skip, "10:08:30", "10:09:59", 100, "10:09", "10:09:59")]
    [InlineData(MisfirePolicy.FireOnce, "10:08:30", "10:10:30", 100, "10:09c 10:10", "10:10:30")]
    // Nothing due yet.
    [InlineData(MisfirePolicy.FireAll, "10:10:00", "10:10:30", 100, "", "10:10:30")]
    public void Plan_FiresWhatThePolicySays(MisfirePolicy policy, string handled, string now, int maxCatchUp, string expected, string handledAfter)
    {
        var (fires, through) = FirePlan.Plan(EveryMinute(), At(handled), At(now), endAt: null, policy, Threshold, maxCatchUp);
        Assert.Equal(expected, Describe(fires));
        Assert.Equal(At(handledAfter), through);
    }

    [Fact]
    public void Plan_StopsAtTheEndDate()
    {
        var (fires, through) = FirePlan.Plan(EveryMinute(), At("10:00:00"), At("10:10:05"), endAt: At("10:03:30"), MisfirePolicy.FireAll, Threshold, 100);
        Assert.Equal("10:01c 10:02c 10:03c", Describe(fires));
        Assert.Equal(At("10:03:30"), through);
    }

    [Fact]
    public void Latest_AfterAYearOfDowntime_OfAnEverySecondSchedule_IsFoundWithoutWalkingEverySecond()
    {
        Assert.True(CronSchedule.TryParse("* * * * * *", null, Day, out var cron, out _));
        var known = Day.AddSeconds(1);
        var cutoff = Day.AddDays(365).AddMilliseconds(1500);
        Assert.Equal(Day.AddDays(365).AddSeconds(1), FirePlan.Latest(cron, known, cutoff));
        var (fires, _) = FirePlan.Plan(cron, Day, Day.AddDays(365), endAt: null, MisfirePolicy.FireOnce, Threshold, 100);
        Assert.Equal(ScheduleRunKind.CatchUp, fires[0].Kind);
        Assert.Equal(Day.AddDays(365) - Threshold, fires[0].FireTime);
        Assert.Equal(60, fires.Count(f => f.Kind == ScheduleRunKind.Scheduled)); // the last minute is on time
    }
}
