using Orchestrator.Client.Api.RateLimits;

namespace Orchestrator.Tests.RateLimits;

public class GcraTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>One request per second, three at once.</summary>
    private static readonly RateLimit OnePerSecondBurstThree = RateLimit.PerSecond(1, 3);

    // Stored TAT and now are seconds after T0 (null: no state); the expected TAT is what is stored afterwards.
    public static TheoryData<string, double?, double, bool, double, double> Decisions => new()
    {
        { "first request of an idle partition", null, 0, true, 0, 1 },
        { "second request of a burst", 1, 0, true, 0, 2 },
        { "last request of a burst", 2, 0, true, 0, 3 },
        { "one past the burst waits one interval", 3, 0, false, 1, 3 },
        { "past the burst, half an interval later", 3, 0.5, false, 0.5, 3 },
        { "one interval later one request is back", 3, 1, true, 0, 4 },
        { "right after that it is used up again", 4, 1, false, 1, 4 },
        { "a burst's time later the whole burst is back", 3, 3, true, 0, 4 },
        { "a TAT in the past counts as no state", -10, 0, true, 0, 1 },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Decide(string step, double? storedSeconds, double nowSeconds, bool allowed, double retryAfterSeconds, double arrivalSeconds)
    {
        DateTimeOffset? stored = storedSeconds is { } s ? T0.AddSeconds(s) : null;

        var decision = Gcra.Decide(OnePerSecondBurstThree, T0.AddSeconds(nowSeconds), stored);

        Assert.True(
            decision == new GcraDecision(allowed, TimeSpan.FromSeconds(retryAfterSeconds), T0.AddSeconds(arrivalSeconds)),
            $"{step}: expected allowed {allowed}, retry after {retryAfterSeconds} s, TAT +{arrivalSeconds} s; got {decision}");
    }

    [Theory]
    [InlineData(500, 1000)]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    public void Burst_IsAllowedAtOnce_ThenOneRequestPerInterval(int perSecond, int burst)
    {
        var limit = RateLimit.PerSecond(perSecond, burst);
        DateTimeOffset? arrival = null;
        for (var i = 0; i < burst; i++)
        {
            var allowed = Gcra.Decide(limit, T0, arrival);
            Assert.True(allowed.Allowed, $"request {i + 1} of a burst of {burst}");
            arrival = allowed.TheoreticalArrival;
        }

        var denied = Gcra.Decide(limit, T0, arrival);
        Assert.False(denied.Allowed);
        Assert.Equal(limit.EmissionInterval, denied.RetryAfter);

        var refilled = Gcra.Decide(limit, T0 + limit.EmissionInterval, arrival);
        Assert.True(refilled.Allowed);
        Assert.False(Gcra.Decide(limit, T0 + limit.EmissionInterval, refilled.TheoreticalArrival).Allowed);
    }

    [Fact]
    public void PerMinute_SpreadsTheRateOverTheMinute()
    {
        var limit = RateLimit.PerMinute(60, 20);

        Assert.Equal(TimeSpan.FromSeconds(1), limit.EmissionInterval);
        Assert.Equal("60 requests per minute with bursts of 20", limit.Description);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Limit_RefusesNonPositiveValues(int requests, int burst) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RateLimit.PerSecond(requests, burst));
}
