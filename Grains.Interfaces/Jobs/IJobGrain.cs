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
}
