using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Schedules;
using Orchestrator.Grains.Schedules;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Schedules;

/// <summary>
/// Real time shifted by an offset the test moves forward: a jump of the wall clock, as after a downtime. Timers and
/// delays stay real (a frozen fake clock would also freeze Orleans' own reminder service, which waits on timers), so
/// only "now" jumps.
/// </summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

/// <summary>
/// A silo on a <see cref="ShiftedTimeProvider"/>, with a 1 s reminder period so a schedule's timer looks at the clock
/// every second. Moving the clock forward is a downtime the schedule slept through.
/// </summary>
public sealed class FakeClockClusterFixture() : OneSiloClusterFixture<FakeClockClusterFixture.Configurator>("fake-clock")
{
    public static readonly ShiftedTimeProvider Clock = new();

    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.AddInMemoryOrchestrator();
            silo.Services.Configure<ScheduleOptions>(o => o.ReminderPeriod = TimeSpan.FromSeconds(1));
        }
    }
}

/// <summary>Misfire policies after a simulated downtime: an every-minute schedule whose clock jumps 10 minutes.</summary>
public sealed class ScheduleMisfireTests(FakeClockClusterFixture fixture) : IClassFixture<FakeClockClusterFixture>
{
    [Theory]
    [InlineData(MisfirePolicy.FireOnce, "10:09c 10:10")]
    [InlineData(MisfirePolicy.FireAll, "10:01c 10:02c 10:03c 10:04c 10:05c 10:06c 10:07c 10:08c 10:09c 10:10")]
    [InlineData(MisfirePolicy.Skip, "10:10")]
    public async Task AfterADowntime_ThePolicyDecidesTheMissedFires(MisfirePolicy policy, string expected)
    {
        var clock = FakeClockClusterFixture.Clock;
        var tenant = $"misfire-{Guid.NewGuid():N}";
        var schedule = fixture.Cluster.GrainFactory.GetGrain<IScheduleGrain>(JobIds.GrainKey(tenant, Guid.CreateVersion7()));
        // Each case starts near the same minute phase, about 30 s past a minute, whatever the earlier cases did.
        var now = clock.GetUtcNow();
        clock.Offset += TimeSpan.FromSeconds(90 - now.Second) - TimeSpan.FromMilliseconds(now.Millisecond);
        var start = clock.GetUtcNow();
        var minuteZero = new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, TimeSpan.Zero);
        var created = await schedule.Create(new ScheduleSpec
        {
            Cron = "* * * * *",
            Job = new JobSpec { Type = "noop", CorrelationId = "misfire" },
            Misfire = policy,
        });
        Assert.Equal(minuteZero.AddMinutes(1), created.NextFireAt);

        clock.Offset += TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5); // the downtime: 10 fire times pass unseen
        var expectedCount = expected.Split(' ').Length;
        var runs = await Eventually.Until(async () => await schedule.Runs(), r => r.Count >= expectedCount, $"the {policy} fires after the downtime",
            describe: r => string.Join(" ", r.Select(x => x.FireTime.ToString("HH:mm"))));

        string Label(ScheduleRun r) => $"10:{(int)(r.FireTime - minuteZero).TotalMinutes:00}{(r.Kind == ScheduleRunKind.CatchUp ? "c" : "")}";
        Assert.Equal(expected, string.Join(" ", runs.Reverse().Select(Label)));
        Assert.All(runs, r => Assert.NotNull(r.JobId));
        Assert.Equal(minuteZero.AddMinutes(11), (await schedule.Get())!.NextFireAt);
        await schedule.Pause();
    }
}
