namespace Orchestrator.Client.Api.RateLimits;

/// <summary>Takes requests from per-partition budgets.</summary>
public interface IRateLimiter
{
    /// <summary>
    /// Takes one request from <paramref name="partition"/>'s budget under <paramref name="limit"/>. A denied request
    /// takes nothing. Partitions are independent; the same partition must always be asked with the same limit.
    /// </summary>
    ValueTask<RateLimitDecision> AcquireAsync(string partition, RateLimit limit, CancellationToken cancellationToken = default);
}
