namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>The events that move a job between <see cref="JobStatus"/> values.</summary>
[GenerateSerializer, Alias("JobTrigger")]
public enum JobTrigger
{
    /// <summary>The run time or the backoff of a waiting job has come.</summary>
    Due = 0,
    /// <summary>An executor took the job and starts an attempt (the lease).</summary>
    Start = 1,
    /// <summary>The attempt succeeded.</summary>
    Succeed = 2,
    /// <summary>The attempt failed (error or timeout) and attempts are left.</summary>
    Fail = 3,
    /// <summary>The attempt failed and no attempt is left, or the error is not retryable.</summary>
    DeadLetter = 4,
    /// <summary>A caller cancelled the job.</summary>
    Cancel = 5,
    /// <summary>The executor holding the attempt went away (silo died or stopped); the attempt is counted.</summary>
    LeaseLost = 6,
    /// <summary>A caller re-queued a dead-lettered or cancelled job with a fresh attempt budget.</summary>
    Retry = 7,
}
