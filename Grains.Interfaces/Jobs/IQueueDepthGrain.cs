namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>
/// The cluster's queue depths (jobs per queue and status), counted at most once per refresh period
/// (<c>Orchestrator:Metrics:QueueDepthRefresh</c>) however many silos scrape it. One grain, key 0.
/// </summary>
[Alias("queue-depth")]
public interface IQueueDepthGrain : IGrainWithIntegerKey
{
    /// <summary>The last count, refreshed first when older than the refresh period.</summary>
    [Alias("get")]
    Task<IReadOnlyList<QueueDepth>> Get();
}
