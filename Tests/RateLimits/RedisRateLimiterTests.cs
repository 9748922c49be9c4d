using Microsoft.Extensions.Time.Testing;
using Orchestrator.Client.Api.RateLimits;
using Orchestrator.Tests.Infrastructure;
using StackExchange.Redis;

namespace Orchestrator.Tests.RateLimits;

/// <summary>The Redis limiter against a real redis-server (<see cref="TestRedis"/>); each test has its own partition.</summary>
public class RedisRateLimiterTests
{
    private const int WarningEventId = 3301;

    private readonly RecordingLogger<RedisRateLimiter> _log = new();

    [Fact]
    public async Task TwoGateways_WithSkewedClocks_ShareOneBudget()
    {
        // Clocks an hour apart: the script decides on the server's clock, so the gateways' own do not matter.
        var clockA = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var clockB = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 13, 0, 0, TimeSpan.Zero));
        var logA = new RecordingLogger<RedisRateLimiter>();
        var logB = new RecordingLogger<RedisRateLimiter>();
        await using var gatewayA = TestRedis.Limiter(TestRedis.Configuration, clockA, logA);
        await using var gatewayB = TestRedis.Limiter(TestRedis.Configuration, clockB, logB);
        await Eventually.True(() => gatewayA.IsConnected && gatewayB.IsConnected, "both gateways connected to Redis");
        var partition = TestRedis.UniquePartition();
        var limit = RateLimit.PerMinute(1, 10);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? gatewayA : gatewayB).AcquireAsync(partition, limit).AsTask()));

        Assert.Equal(0, logA.Count(WarningEventId) + logB.Count(WarningEventId));
        Assert.Equal(10, decisions.Count(d => d.IsAllowed));
        Assert.All(decisions.Where(d => !d.IsAllowed), d => Assert.Equal(RateLimitOutcome.Limited, d.Outcome));
    }

    [Fact]
    public async Task OverTheBurst_IsLimited_WithRetryAfterOfOneInterval()
    {
        await using var limiter = await ConnectedLimiterAsync();
        var partition = TestRedis.UniquePartition();
        var limit = RateLimit.PerMinute(6, 2);

        Assert.True((await limiter.AcquireAsync(partition, limit)).IsAllowed);
        Assert.True((await limiter.AcquireAsync(partition, limit)).IsAllowed);
        var limited = await limiter.AcquireAsync(partition, limit);

        Assert.Equal(0, _log.Count(WarningEventId));
        Assert.Equal(RateLimitOutcome.Limited, limited.Outcome);
        Assert.InRange(limited.RetryAfter, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10));
        Assert.Equal(10, limited.RetryAfterSeconds);
    }

    [Fact]
    public async Task Budget_RefillsOnTheServerClock()
    {
        // The gateway's fake clock never moves: only Redis' TIME can refill the budget.
        await using var limiter = await ConnectedLimiterAsync();
        var partition = TestRedis.UniquePartition();
        var limit = RateLimit.PerSecond(1, 1);

        Assert.True((await limiter.AcquireAsync(partition, limit)).IsAllowed);
        Assert.False((await limiter.AcquireAsync(partition, limit)).IsAllowed);

        await Eventually.Until(async () => await limiter.AcquireAsync(partition, limit), d => d.IsAllowed, $"partition {partition} refilled after 1 s", describe: d => $"{d}, log: {string.Join(" | ", _log.Entries.Select(e => e.Message))}");
        Assert.Equal(0, _log.Count(WarningEventId));
    }

    [Fact]
    public async Task PartitionKey_ExpiresWhenTheBudgetWouldBeFull()
    {
        await using var limiter = await ConnectedLimiterAsync();
        var partition = TestRedis.UniquePartition();
        var limit = RateLimit.PerMinute(60, 5);

        await limiter.AcquireAsync(partition, limit);
        await limiter.AcquireAsync(partition, limit);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestRedis.Configuration);
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(RedisRateLimiter.KeyPrefix + partition);
        Assert.NotNull(ttl);
        // Two requests at one per second: the TAT, and so the expiry, is at most 2 s away.
        Assert.InRange(ttl.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));
    }

    private async Task<RedisRateLimiter> ConnectedLimiterAsync()
    {
        var limiter = TestRedis.Limiter(TestRedis.Configuration, new FakeTimeProvider(), _log);
        await Eventually.True(() => limiter.IsConnected, $"limiter connected to Redis at {TestRedis.Configuration}");
        return limiter;
    }
}
