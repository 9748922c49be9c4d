using System.Collections.Concurrent;

namespace Orchestrator.Client.Api.RateLimits;

/// <summary>
/// GCRA budgets in this process: the limiter of embedded mode, and the fallback of the Redis limiter
/// while Redis is unreachable. Lock-free: each partition holds only its TAT, replaced by compare-and-swap.
/// </summary>
public sealed class InProcessRateLimiter(TimeProvider time) : IRateLimiter
{
    /// <summary>How often partitions whose TAT has passed (full budgets, the same as absent) are dropped.</summary>
    public static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    // Partition → TAT in UTC ticks. Memory is bounded by the partitions active within their burst window.
    private readonly ConcurrentDictionary<string, long> _arrivals = new(StringComparer.Ordinal);
    private long _nextPruneTicks = time.GetUtcNow().Add(PruneInterval).UtcTicks;

    /// <summary>Partitions currently held (for tests and diagnostics).</summary>
    public int PartitionCount => _arrivals.Count;

    public ValueTask<RateLimitDecision> AcquireAsync(string partition, RateLimit limit, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Acquire(partition, limit));

    /// <inheritdoc cref="IRateLimiter.AcquireAsync"/>
    public RateLimitDecision Acquire(string partition, RateLimit limit)
    {
        var now = time.GetUtcNow();
        PruneIfDue(now);
        while (true)
        {
            var known = _arrivals.TryGetValue(partition, out var storedTicks);
            var decision = Gcra.Decide(limit, now, known ? new DateTimeOffset(storedTicks, TimeSpan.Zero) : null);
            if (!decision.Allowed) return RateLimitDecision.Limited(decision.RetryAfter);
            var newTicks = decision.TheoreticalArrival.UtcTicks;
            // Another request of the same partition may have written since the read: then decide again on its TAT.
            if (known ? _arrivals.TryUpdate(partition, newTicks, storedTicks) : _arrivals.TryAdd(partition, newTicks))
            {
                return RateLimitDecision.Allowed;
            }
        }
    }

    private void PruneIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextPruneTicks);
        if (now.UtcTicks < due) return;
        if (Interlocked.CompareExchange(ref _nextPruneTicks, now.Add(PruneInterval).UtcTicks, due) != due) return;
        foreach (var (partition, ticks) in _arrivals)
        {
            // Removes only if unchanged, so a request that just took from this partition is never lost.
            if (ticks <= now.UtcTicks) _arrivals.TryRemove(KeyValuePair.Create(partition, ticks));
        }
    }
}
