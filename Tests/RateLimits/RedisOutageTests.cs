using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Client.Api.RateLimits;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.RateLimits;

/// <summary>What the Redis limiter does when Redis is down, hung, or comes back.</summary>
public class RedisOutageTests
{
    private const int WarningEventId = 3301;
    private const int BackEventId = 3302;

    /// <summary>One request per 10 s, three at once.</summary>
    private static readonly RateLimit SixPerMinuteBurstThree = RateLimit.PerMinute(6, 3);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger<RedisRateLimiter> _log = new();

    [Fact]
    public async Task RedisDown_FailOpen_DecidesLocally_AndWarnsOncePerOutage()
    {
        await using var limiter = TestRedis.Limiter($"127.0.0.1:{FreePort.Next()}", _time, _log, timeout: new RateLimitOptions().RedisTimeout);

        var burst = await AcquireAsync(limiter, "tenant:a", 5);
        _time.Advance(new RateLimitOptions().RedisRetryAfter);
        var afterRetry = await limiter.AcquireAsync("tenant:a", SixPerMinuteBurstThree);

        Assert.Equal([true, true, true, false, false], burst.Select(d => d.IsAllowed));
        Assert.Equal(RateLimitOutcome.Limited, afterRetry.Outcome);
        Assert.Equal(1, _log.Count(WarningEventId));
        Assert.Equal(LogLevel.Warning, _log.Entries.Single(e => e.EventId.Id == WarningEventId).Level);
    }

    [Fact]
    public async Task RedisDown_FailClosed_IsUnavailable_UntilRedisIsTriedAgain()
    {
        await using var limiter = TestRedis.Limiter($"127.0.0.1:{FreePort.Next()}", _time, _log, failOpen: false, timeout: new RateLimitOptions().RedisTimeout);

        var first = await limiter.AcquireAsync("tenant:a", SixPerMinuteBurstThree);
        _time.Advance(TimeSpan.FromSeconds(2));
        var later = await limiter.AcquireAsync("tenant:a", SixPerMinuteBurstThree);

        Assert.Equal(RateLimitDecision.Unavailable(new RateLimitOptions().RedisRetryAfter), first);
        Assert.Equal(RateLimitDecision.Unavailable(TimeSpan.FromSeconds(3)), later);
        Assert.Equal(1, _log.Count(WarningEventId));
    }

    [Fact]
    public async Task RedisHung_DoesNotStallRequests()
    {
        // Accepts connections (the kernel completes the handshake) and never answers, like a stuck server.
        var hung = new TcpListener(IPAddress.Loopback, 0);
        hung.Start();
        try
        {
            var timeout = new RateLimitOptions().RedisTimeout;
            await using var limiter = TestRedis.Limiter($"127.0.0.1:{((IPEndPoint)hung.LocalEndpoint).Port}", _time, _log, timeout: timeout);

            var watch = Stopwatch.StartNew();
            var decision = await limiter.AcquireAsync("tenant:a", SixPerMinuteBurstThree);
            watch.Stop();

            Assert.True(decision.IsAllowed);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"the request waited {watch.Elapsed} on a hung Redis; the bound is {timeout}");
            Assert.Equal(1, _log.Count(WarningEventId));
        }
        finally
        {
            hung.Stop();
        }
    }

    [Fact]
    public async Task RedisKilledAndRestarted_FallsBackThenSharesAgain_LoggingTheOutageOnce()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var limiter = TestRedis.Limiter(redis.Configuration, _time, _log);
        await Eventually.True(() => limiter.IsConnected, $"limiter connected to Redis on port {redis.Port}");
        Assert.True((await limiter.AcquireAsync("tenant:a", SixPerMinuteBurstThree)).IsAllowed);

        await redis.KillAsync();
        var duringOutage = await AcquireAsync(limiter, "tenant:b", 4);
        Assert.Equal([true, true, true, false], duringOutage.Select(d => d.IsAllowed));
        Assert.Equal(1, _log.Count(WarningEventId));

        await redis.RestartAsync();
        await Eventually.Until(
            async () =>
            {
                _time.Advance(new RateLimitOptions().RedisRetryAfter);
                await limiter.AcquireAsync(TestRedis.UniquePartition(), SixPerMinuteBurstThree);
                return _log.Count(BackEventId);
            },
            back => back == 1,
            $"limiter back on the restarted Redis on port {redis.Port}",
            describe: back => $"{back} recovery logs, {_log.Count(WarningEventId)} warnings");

        Assert.Equal(1, _log.Count(WarningEventId));
        // The restarted Redis is empty: tenant:b's budget there is whole again, and shared from now on.
        Assert.True((await limiter.AcquireAsync("tenant:b", SixPerMinuteBurstThree)).IsAllowed);
    }

    private static async Task<RateLimitDecision[]> AcquireAsync(RedisRateLimiter limiter, string partition, int count)
    {
        var decisions = new RateLimitDecision[count];
        for (var i = 0; i < count; i++) decisions[i] = await limiter.AcquireAsync(partition, SixPerMinuteBurstThree);
        return decisions;
    }
}
