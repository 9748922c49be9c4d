using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Storage;

/// <summary>
/// Lists of jobs, answered from what the job storage wrote (the in-memory store in embedded mode, the
/// <c>jobs</c> table in cluster mode), newest first with a keyset cursor.
/// </summary>
public interface IJobQueryStore
{
    Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many of the tenant's jobs are in each status; cheap enough to poll.</summary>
    Task<Dictionary<JobStatus, long>> CountByStatusAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>The tenant's queues with jobs in a non-terminal status: counts per status and the oldest Queued job's time.</summary>
    Task<IReadOnlyList<Interfaces.Queues.QueueStats>> TenantQueuesAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Jobs per queue in each of <see cref="QueueDepth.States"/>, over all tenants. A scan in cluster mode: call it
    /// through <c>IQueueDepthGrain</c>, which caches it, never per scrape.
    /// </summary>
    Task<IReadOnlyList<QueueDepth>> QueueDepthsAsync(CancellationToken cancellationToken = default);
}
