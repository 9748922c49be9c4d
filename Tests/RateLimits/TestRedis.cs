using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Client.Api.RateLimits;
using StackExchange.Redis;

namespace Orchestrator.Tests.RateLimits;

/// <summary>
/// The Redis server of the rate limit tests: <c>ORCHESTRATOR_TEST_REDIS</c> (set by test.sh, which installs and
/// starts redis-server on loopback), or 127.0.0.1:6379.
/// </summary>
public static class TestRedis
{
    public const string EnvironmentVariable = "ORCHESTRATOR_TEST_REDIS";

    public static string Configuration => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : "127.0.0.1:6379";

    /// <summary>A partition no other test uses.</summary>
    public static string UniquePartition() => $"test:{Guid.NewGuid():N}";

    /// <summary>
    /// A limiter with its own connection to <paramref name="configuration"/>, as one gateway has. Its Redis timeout is
    /// generous unless given: tests that expect Redis to decide must not fall back because the machine is busy.
    /// </summary>
    public static RedisRateLimiter Limiter(string configuration, TimeProvider time, ILogger<RedisRateLimiter> logger, bool failOpen = true, TimeSpan? timeout = null) =>
        new(
            ConfigurationOptions.Parse(configuration),
            new InProcessRateLimiter(time),
            Options.Create(new RateLimitOptions { FailOpen = failOpen, RedisTimeout = timeout ?? TimeSpan.FromSeconds(10) }),
            time,
            logger);
}
