namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>The life-cycle states of a job. Only <see cref="JobTrigger"/>s listed in the transition table move a job between them.</summary>
[GenerateSerializer, Alias("JobStatus")]
public enum JobStatus
{
    /// <summary>Waiting for its <c>runAt</c> time.</summary>
    Scheduled = 0,
    /// <summary>Due and waiting for an executor slot.</summary>
    Queued = 1,
    /// <summary>An attempt is executing.</summary>
    Running = 2,
    /// <summary>Terminal: an attempt succeeded.</summary>
    Succeeded = 3,
    /// <summary>An attempt failed and the next one waits for its backoff.</summary>
    Retrying = 4,
    /// <summary>Terminal until retried by hand: attempts exhausted or a non-retryable error.</summary>
    DeadLettered = 5,
    /// <summary>Terminal until retried by hand: cancelled by a caller.</summary>
    Cancelled = 6,
}
