namespace Orchestrator.Client.Jobs;

/// <summary>The tenant's jobs. Every call throws <see cref="OrchestratorException"/> for what the API answers with a problem.</summary>
public interface IJobs
{
    /// <summary>Submits a job of <paramref name="type"/> whose payload is <paramref name="payload"/> as camelCase JSON.</summary>
    Task<JobInfo> SubmitAsync<TPayload>(string type, TPayload payload, SubmitOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>The job with its attempts, or null when the tenant has no such job.</summary>
    Task<JobInfo?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>A page of the tenant's jobs, newest first.</summary>
    Task<JobPage> ListAsync(JobFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Cancels a scheduled, queued, retrying or running job (409 from any other status).</summary>
    Task<JobInfo> CancelAsync(Guid id, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Re-queues a dead-lettered or cancelled job with a fresh attempt budget (409 from any other status).</summary>
    Task<JobInfo> RetryAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the job until it is finished (<see cref="JobInfo.IsFinished"/>: succeeded, dead-lettered or cancelled) and
    /// returns it; a <see cref="TimeoutException"/> after <paramref name="timeout"/>, 404 when there is no such job.
    /// </summary>
    Task<JobInfo> WaitForCompletionAsync(Guid id, TimeSpan timeout, CancellationToken cancellationToken = default);
}
