using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>
/// Usage as the durable job rows say it (in memory in embedded mode, <c>jobs</c>/<c>job_attempts</c> in cluster
/// mode), and the <c>usage_daily</c> snapshot of it.
/// </summary>
public interface IUsageStore
{
    /// <summary>Counts a tenant's usage of one UTC day from the job rows: attempts by the day they started, jobs by the day they were created.</summary>
    Task<UsageDay> CountDayAsync(string tenantId, DateOnly day, CancellationToken cancellationToken = default);

    /// <summary>Jobs the tenant created in [<paramref name="from"/>, <paramref name="to"/>): what the job quotas count.</summary>
    Task<long> CountAcceptedAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>Jobs of the tenant waiting now (Scheduled, Queued, Retrying): what the pending-jobs limit counts.</summary>
    Task<long> CountPendingAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every tenant with a job created or an attempt started at or after <paramref name="since"/>, or an attempt running
    /// now: what the usage flush recounts. Cluster mode answers with a few index probes per tenant, whatever the job rate.
    /// </summary>
    Task<IReadOnlyList<UsageActivity>> ActivitySinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Upserts days into the snapshot.</summary>
    Task SaveAsync(IReadOnlyList<UsageDay> days, CancellationToken cancellationToken = default);

    /// <summary>The snapshot's days of the tenant in [<paramref name="from"/>, <paramref name="to"/>], oldest first.</summary>
    Task<IReadOnlyList<UsageDay>> ReadSavedAsync(string tenantId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);
}
