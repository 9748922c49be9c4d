using Orchestrator.Grains.Billing;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// What one tick of the usage flush writes: the days of tenants with new activity, a running attempt's day again at
/// the next tick (its end changes it), only days whose figures changed, all in one batch.
/// </summary>
public sealed class UsageFlushGrainTests(UsageFlushClusterFixture fixture) : IClassFixture<UsageFlushClusterFixture>
{
    [Fact]
    public async Task ATick_UpsertsTheChangedDaysOfActiveTenants_AndARunningDayAgainAfterItsAttemptEnds()
    {
        var store = UsageFlushClusterFixture.Usage;
        var now = UsageFlushClusterFixture.Clock.GetUtcNow();
        var today = BillingCalendar.DayOf(now);
        var yesterday = today.AddDays(-1);
        var lateYesterday = BillingCalendar.StartOf(today).AddHours(-1);
        var flush = fixture.Grains.GetGrain<IUsageFlushGrain>(0);
        await flush.Start();
        async Task<IReadOnlyList<UsageDay>[]> TickAsync()
        {
            var before = store.Saved.Count;
            await flush.AsReference<IRemindable>().ReceiveReminder("flush-usage", default);
            return [.. store.Saved.Skip(before)];
        }

        // "busy" ran jobs a minute ago; "long" has an attempt running since late yesterday.
        store.Set("busy", today, executions: 3, retries: 1);
        store.Set("long", yesterday, executions: 2, retries: 0);
        store.Activity = [new UsageActivity("busy", now.AddMinutes(-1), null), new UsageActivity("long", lateYesterday, lateYesterday)];
        var first = Assert.Single(await TickAsync());
        Assert.Equal(["busy " + today, "long " + yesterday], first.Select(d => $"{d.TenantId} {d.Day}").Order(StringComparer.Ordinal)); // long's empty today is not written

        // The long attempt failed meanwhile; nothing started since. Only its day is recounted, and written.
        store.Set("long", yesterday, executions: 2, retries: 0, failures: 1);
        store.Activity = [];
        var second = Assert.Single(await TickAsync());
        Assert.Equal(1, Assert.Single(second).Failures);
        Assert.Equal("long", second[0].TenantId);

        // Nothing new: nothing written. Activity without a changed figure: nothing written either.
        Assert.Empty(await TickAsync());
        store.Activity = [new UsageActivity("busy", now, null)];
        Assert.Empty(await TickAsync());

        // Each tick looks back from the one before it (less the margin for late commits), not from the dawn of time.
        var asked = store.ActivityAskedSince.ToArray()[^3..];
        Assert.All(asked, since => Assert.InRange(since, now - UsageFlushGrain.Lookback, UsageFlushClusterFixture.Clock.GetUtcNow() - UsageFlushGrain.Lookback));
    }
}
