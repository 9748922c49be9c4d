using Microsoft.Extensions.Time.Testing;
using Orchestrator.Client.Api.RateLimits;

namespace Orchestrator.Tests.RateLimits;

public class InProcessRateLimiterTests
{
    /// <summary>One request per 10 s, three at once.</summary>
    private static readonly RateLimit SixPerMinuteBurstThree = RateLimit.PerMinute(6, 3);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Burst_OverTheLimit_IsLimitedWithRetryAfter_ThenAllowedWhenItRefills()
    {
        var limiter = new InProcessRateLimiter(_time);

        for (var i = 0; i < 3; i++) Assert.Equal(RateLimitDecision.Allowed, limiter.Acquire("p", SixPerMinuteBurstThree));
        Assert.Equal(RateLimitDecision.Limited(TimeSpan.FromSeconds(10)), limiter.Acquire("p", SixPerMinuteBurstThree));

        _time.Advance(TimeSpan.FromSeconds(9));
        var stillLimited = limiter.Acquire("p", SixPerMinuteBurstThree);
        Assert.Equal(RateLimitDecision.Limited(TimeSpan.FromSeconds(1)), stillLimited);
        Assert.Equal(1, stillLimited.RetryAfterSeconds);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.Acquire("p", SixPerMinuteBurstThree).IsAllowed);
        Assert.False(limiter.Acquire("p", SixPerMinuteBurstThree).IsAllowed);
    }

    [Fact]
    public void Partitions_HaveSeparateBudgets()
    {
        var limiter = new InProcessRateLimiter(_time);

        for (var i = 0; i < 3; i++) limiter.Acquire("tenant:a", SixPerMinuteBurstThree);

        Assert.False(limiter.Acquire("tenant:a", SixPerMinuteBurstThree).IsAllowed);
        Assert.True(limiter.Acquire("tenant:b", SixPerMinuteBurstThree).IsAllowed);
    }

    [Fact]
    public async Task ConcurrentRequests_NeverTakeMoreThanTheBurst()
    {
        var limiter = new InProcessRateLimiter(_time);
        var limit = RateLimit.PerMinute(1, 100);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => limiter.Acquire("p", limit))));

        Assert.Equal(100, decisions.Count(d => d.IsAllowed));
    }

    [Fact]
    public void IdlePartitions_ArePruned_ActiveOnesKeepTheirBudget()
    {
        var limiter = new InProcessRateLimiter(_time);
        for (var i = 0; i < 1000; i++) limiter.Acquire($"ip:{i}", SixPerMinuteBurstThree);
        _time.Advance(InProcessRateLimiter.PruneInterval - TimeSpan.FromSeconds(1));
        for (var i = 0; i < 3; i++) limiter.Acquire("busy", SixPerMinuteBurstThree);
        Assert.Equal(1001, limiter.PartitionCount);

        _time.Advance(TimeSpan.FromSeconds(1));
        var busy = limiter.Acquire("busy", SixPerMinuteBurstThree);

        Assert.Equal(1, limiter.PartitionCount);
        Assert.Equal(RateLimitOutcome.Limited, busy.Outcome);
    }
}
