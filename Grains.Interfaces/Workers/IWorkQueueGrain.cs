namespace Orchestrator.Grains.Interfaces.Workers;

/// <summary>
/// The jobs of one tenant's queue waiting for external workers (key: <c>{tenant}/{queue}</c>), in priority then due
/// order. In memory only: the jobs are durable (Queued in their own grains) and re-announce themselves while they
/// wait, so a lost queue activation refills itself. The job grain, not the queue, decides who holds a lease.
/// </summary>
[Alias("work-queue")]
public interface IWorkQueueGrain : IGrainWithStringKey
{
    /// <summary>Adds (or keeps) a waiting job; wakes long-polling workers.</summary>
    [Alias("offer")]
    Task Offer(QueuedWork work);

    /// <summary>
    /// Leases up to <paramref name="max"/> jobs to <paramref name="workerId"/> for <paramref name="leaseFor"/>, in order;
    /// none when nothing waits. Each is leased by its job grain, so a job is never leased twice.
    /// </summary>
    [Alias("lease")]
    Task<IReadOnlyList<JobLease>> Lease(string workerId, int max, TimeSpan leaseFor);

    /// <summary>Returns when a job waits (true) or after <paramref name="wait"/> (false). Keep <paramref name="wait"/> under the grain call timeout.</summary>
    [Alias("wait-for-work")]
    Task<bool> WaitForWork(TimeSpan wait);

    /// <summary>How many jobs wait and since when the oldest does.</summary>
    [Alias("depth")]
    Task<(int Waiting, DateTimeOffset? OldestDueAt)> Depth();
}
