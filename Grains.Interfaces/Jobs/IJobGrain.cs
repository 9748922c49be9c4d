namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>One job, keyed <c>{tenant}/{jobId}</c>: owns the job's state, its wake-ups and its attempts.</summary>
[Alias("job")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the job. A second submit with the same request fingerprint returns the existing job
    /// (<see cref="SubmitResult.Created"/> false); a different one throws <see cref="IdempotencyConflictException"/>.
    /// </summary>
    [Alias("submit")]
    Task<SubmitResult> Submit(JobSpec spec);

    /// <summary>The job with its attempts, or null when it does not exist.</summary>
    [Alias("get")]
    Task<JobView?> Get();

    /// <summary>Cancels a scheduled, queued, retrying or running job; a running attempt's token fires.</summary>
    [Alias("cancel")]
    Task<JobView> Cancel(string? reason);

    /// <summary>Re-queues a dead-lettered or cancelled job with a fresh attempt budget, keeping its history.</summary>
    [Alias("retry")]
    Task<JobView> Retry();

    /// <summary>
    /// Called by the silo's executor when it has a slot for the attempt; true grants the lease and the
    /// attempt starts, false means the attempt is no longer wanted (cancelled, superseded).
    /// </summary>
    [Alias("start-attempt")]
    Task<bool> StartAttempt(int attempt, string silo);

    /// <summary>
    /// A durable wake-up from the job's wake shard: the job is due (or nearly), its running attempt is past its
    /// deadline, or the silo that held it is gone. Idempotent; does nothing when there is nothing to do.
    /// </summary>
    [Alias("wake")]
    Task Wake();

    /// <summary>Called by the executor when an attempt ended. Stale reports (another attempt now current) are ignored.</summary>
    [Alias("complete-attempt")]
    Task CompleteAttempt(int attempt, AttemptOutcome outcome);

    /// <summary>
    /// Leases a Queued job that waits for an external worker to <paramref name="workerId"/> until now +
    /// <paramref name="leaseFor"/> (Queued → Running, the attempt recorded); null when it no longer waits (leased,
    /// cancelled, not external). <paramref name="holdsQueueSlot"/>: the lease took one of its queue's concurrency slots,
    /// which the job gives back when the attempt ends.
    /// </summary>
    [Alias("lease-external")]
    Task<Workers.JobLease?> LeaseExternal(string workerId, TimeSpan leaseFor, bool holdsQueueSlot);

    /// <summary>
    /// An external worker's heartbeat: extends the lease by <paramref name="leaseFor"/> and stores progress (0–100)
    /// and log lines with the attempt. A wrong or expired token throws <see cref="Workers.LeaseConflictException"/>.
    /// </summary>
    [Alias("heartbeat")]
    Task<Workers.LeaseRenewal> Heartbeat(string leaseToken, TimeSpan leaseFor, int? progress, IReadOnlyList<string> lines);

    /// <summary>An external worker's report that the attempt ended; a wrong or expired token throws <see cref="Workers.LeaseConflictException"/>.</summary>
    [Alias("report-external")]
    Task<JobView> ReportExternal(string leaseToken, AttemptOutcome outcome);
}
