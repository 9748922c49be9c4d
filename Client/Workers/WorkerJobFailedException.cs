namespace Orchestrator.Client.Workers;

/// <summary>Thrown by a worker handler to fail the attempt; <see cref="Retryable"/> false sends the job to the dead-letter queue.</summary>
public sealed class WorkerJobFailedException(string message, bool retryable = true) : Exception(message)
{
    public bool Retryable { get; } = retryable;
}
