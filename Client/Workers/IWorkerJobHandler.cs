namespace Orchestrator.Client.Workers;

/// <summary>
/// Runs one job type in an external worker. Return the result (serialized as JSON, or null); throw
/// <see cref="WorkerJobFailedException"/> to fail with a chosen retryability (any other exception is a retryable
/// failure). The token fires when the lease is lost (expired, job cancelled) — stop then, the report would be refused.
/// </summary>
public interface IWorkerJobHandler<TPayload>
{
    Task<object?> HandleAsync(WorkerJob<TPayload> job, CancellationToken cancellationToken);
}
