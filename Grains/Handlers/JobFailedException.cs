namespace Orchestrator.Grains.Handlers;

/// <summary>Thrown by a handler to fail an attempt with a message; <see cref="Retryable"/> false dead-letters the job at once.</summary>
public sealed class JobFailedException(string message, bool retryable = true, string? output = null) : Exception(message)
{
    public bool Retryable { get; } = retryable;
    public string? Output { get; } = output;
}
