namespace Orchestrator.Client.Api.RateLimits;

/// <summary>
/// The generic cell rate algorithm: a partition's whole state is one time, its theoretical arrival time (TAT), the
/// moment its budget would be back to full if nothing else came. Each allowed request pushes it one emission interval
/// later; a request is denied when that would push it further than <c>Burst</c> intervals past now. A TAT in the past
/// means the same as no TAT, so idle state can be dropped at any time without changing a decision.
/// </summary>
/// <remarks>The Redis limiter runs the same steps in Lua; keep the two alike.</remarks>
public static class Gcra
{
    /// <summary>Decides one request at <paramref name="now"/> given the partition's stored TAT (null when it has none).</summary>
    public static GcraDecision Decide(RateLimit limit, DateTimeOffset now, DateTimeOffset? storedArrival)
    {
        var arrival = storedArrival is { } stored && stored > now ? stored : now;
        var next = arrival + limit.EmissionInterval;
        var allowedFrom = next - limit.EmissionInterval * limit.Burst;
        return now < allowedFrom
            ? new GcraDecision(false, allowedFrom - now, arrival)
            : new GcraDecision(true, TimeSpan.Zero, next);
    }
}
