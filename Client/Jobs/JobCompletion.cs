namespace Orchestrator.Client.Jobs;

/// <summary>Waiting for a job to finish, the same on both transports.</summary>
internal static class JobCompletion
{
    public static Task<JobInfo> WaitAsync(IJobs jobs, Guid id, TimeSpan timeout, TimeSpan maxInterval, TimeProvider time, CancellationToken cancellationToken) =>
        Polling.UntilAsync(
            async ct => await jobs.GetAsync(id, ct) ?? throw new OrchestratorException(404, OrchestratorProblemTypes.NotFound, "Not found", $"No job {id}."),
            job => job.IsFinished, timeout, maxInterval, time,
            job => $"Job {id} is still {job.Status} (attempt {job.Attempt} of {job.MaxAttempts})", cancellationToken);
}
