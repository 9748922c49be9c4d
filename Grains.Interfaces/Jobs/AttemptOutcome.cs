namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>How one attempt ended, as the executor reports it to the job grain. A closed set.</summary>
[GenerateSerializer, Alias("AttemptOutcome")]
public abstract record AttemptOutcome
{
    /// <summary>Tail of the handler's output (for example a shell command's stdout/stderr), if any.</summary>
    [Id(0)] public string? Output { get; init; }

    /// <summary>The log lines and progress the handler wrote during the attempt.</summary>
    [Id(1)] public AttemptLog? Log { get; init; }

    /// <summary>The silo whose executor ran the attempt; null for an outcome the grain decides itself (a timeout, a lost owner).</summary>
    [Id(2)] public string? Silo { get; init; }

    /// <summary>When that executor was granted the attempt; with <see cref="Silo"/>, lets the grain record an attempt whose start it did not save.</summary>
    [Id(3)] public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The name recorded in the attempt history.</summary>
    public abstract AttemptResult Result { get; }
}

/// <summary>The handler returned normally.</summary>
[GenerateSerializer, Alias("AttemptSucceeded")]
public sealed record AttemptSucceeded([property: Id(0)] string? ResultJson) : AttemptOutcome
{
    public override AttemptResult Result => AttemptResult.Succeeded;
}

/// <summary>The handler failed; <paramref name="Retryable"/> false sends the job straight to the dead-letter queue.</summary>
[GenerateSerializer, Alias("AttemptFailed")]
public sealed record AttemptFailed([property: Id(0)] string Error, [property: Id(1)] bool Retryable) : AttemptOutcome
{
    public override AttemptResult Result => AttemptResult.Failed;
}

/// <summary>The attempt ran past its timeout; handled like a retryable failure.</summary>
[GenerateSerializer, Alias("AttemptTimedOut")]
public sealed record AttemptTimedOut([property: Id(0)] TimeSpan Timeout) : AttemptOutcome
{
    public override AttemptResult Result => AttemptResult.TimedOut;
}

/// <summary>The attempt stopped because the job was cancelled.</summary>
[GenerateSerializer, Alias("AttemptCancelled")]
public sealed record AttemptCancelled : AttemptOutcome
{
    public override AttemptResult Result => AttemptResult.Cancelled;
}

/// <summary>The attempt stopped because its silo is shutting down; the lease is lost and the attempt counted.</summary>
[GenerateSerializer, Alias("AttemptInterrupted")]
public sealed record AttemptInterrupted : AttemptOutcome
{
    public override AttemptResult Result => AttemptResult.LeaseLost;
}

/// <summary>An external worker's lease ran out without a heartbeat or a report; the attempt is counted and the job goes back to its queue.</summary>
[GenerateSerializer, Alias("AttemptLeaseExpired")]
public sealed record AttemptLeaseExpired([property: Id(0)] string WorkerId) : AttemptOutcome
{
    public override AttemptResult Result => AttemptResult.LeaseLost;
}

/// <summary>The recorded result of an attempt.</summary>
[GenerateSerializer, Alias("AttemptResult")]
public enum AttemptResult
{
    Running = 0,
    Succeeded = 1,
    Failed = 2,
    TimedOut = 3,
    Cancelled = 4,
    LeaseLost = 5,
}
