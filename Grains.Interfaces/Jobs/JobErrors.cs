namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>A domain error of the job engine. The gateway maps each kind to one HTTP status in one place.</summary>
[GenerateSerializer, Alias("JobDomainException")]
public class JobDomainException : Exception
{
    public JobDomainException(string message) : base(message) { }
}

/// <summary>The trigger is not legal from the job's current status (HTTP 409).</summary>
[GenerateSerializer, Alias("IllegalTransitionException")]
public sealed class IllegalTransitionException : JobDomainException
{
    public IllegalTransitionException(JobStatus from, JobTrigger trigger)
        : base($"A job in status {from} cannot take '{trigger}'.")
    {
        From = from;
        Trigger = trigger;
    }

    [Id(0)] public JobStatus From { get; }
    [Id(1)] public JobTrigger Trigger { get; }
}

/// <summary>The idempotency key was used before with a different request (HTTP 409).</summary>
[GenerateSerializer, Alias("IdempotencyConflictException")]
public sealed class IdempotencyConflictException : JobDomainException
{
    public IdempotencyConflictException(string message) : base(message) { }
}

/// <summary>No such job for this tenant (HTTP 404).</summary>
[GenerateSerializer, Alias("JobNotFoundException")]
public sealed class JobNotFoundException : JobDomainException
{
    public JobNotFoundException(string message) : base(message) { }
}

/// <summary>The submission breaks a rule (HTTP 400); <see cref="Errors"/> are keyed by JSON field.</summary>
[GenerateSerializer, Alias("JobValidationException")]
public sealed class JobValidationException : JobDomainException
{
    public JobValidationException(Dictionary<string, string[]> errors)
        : base("The job submission is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
    {
        Errors = errors;
    }

    [Id(0)] public Dictionary<string, string[]> Errors { get; }
}

/// <summary>The payload is larger than the configured limit (HTTP 413).</summary>
[GenerateSerializer, Alias("PayloadTooLargeException")]
public sealed class PayloadTooLargeException : JobDomainException
{
    public PayloadTooLargeException(int actualBytes, int limitBytes)
        : base($"The payload is {actualBytes} bytes; the limit is {limitBytes} bytes.")
    {
        ActualBytes = actualBytes;
        LimitBytes = limitBytes;
    }

    [Id(0)] public int ActualBytes { get; }
    [Id(1)] public int LimitBytes { get; }
}

/// <summary>The durable store (database, reminder table) cannot be reached; nothing was changed (HTTP 503 with Retry-After).</summary>
[GenerateSerializer, Alias("StorageUnavailableException")]
public sealed class StorageUnavailableException : JobDomainException
{
    public StorageUnavailableException(string message) : base(message) { }
}

/// <summary>
/// The silo that would run the job already has <c>Orchestrator:Executor:MaxQueued</c> attempts waiting: the
/// submission is refused before anything is written (HTTP 503 with Retry-After); accepted work is unaffected.
/// </summary>
[GenerateSerializer, Alias("ClusterSaturatedException")]
public sealed class ClusterSaturatedException : JobDomainException
{
    public ClusterSaturatedException(string message) : base(message) { }
}
