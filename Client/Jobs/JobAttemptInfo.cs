namespace Orchestrator.Client.Jobs;

/// <summary>One attempt in a job's history.</summary>
public sealed record JobAttemptInfo
{
    /// <summary>1 for the first attempt; numbers continue across manual retries.</summary>
    public required int Number { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public JobAttemptResult Result { get; init; }
    public string? Error { get; init; }
    /// <summary>The silo whose executor ran the attempt.</summary>
    public string Silo { get; init; } = "";
    /// <summary>Tail of the handler's output, if any.</summary>
    public string? Output { get; init; }
    /// <summary>True when the job went to the dead-letter queue after this attempt.</summary>
    public bool DeadLettered { get; init; }
}
