namespace Orchestrator.Client.Api.RateLimits;

public sealed partial class RedisRateLimiter
{
    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "Rate limits cannot reach Redis at {Endpoints}: {Fallback}, trying Redis again every {RetryAfter}")]
    private partial void LogRedisUnavailable(string endpoints, string fallback, TimeSpan retryAfter, Exception exception);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Rate limits reach Redis at {Endpoints} again: budgets are shared by all gateways")]
    private partial void LogRedisBack(string endpoints);
}
