namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>One attempt in a job's history.</summary>
[GenerateSerializer, Alias("JobAttempt")]
public sealed record JobAttempt
{
    [Id(0)] public required int Number { get; init; }
    [Id(1)] public required DateTimeOffset StartedAt { get; init; }
    [Id(2)] public DateTimeOffset? EndedAt { get; init; }
    [Id(3)] public AttemptResult Result { get; init; }
    [Id(4)] public string? Error { get; init; }
    /// <summary>The silo whose executor ran the attempt.</summary>
    [Id(5)] public required string Silo { get; init; }
    [Id(6)] public string? Output { get; init; }
    /// <summary>Log lines and progress the handler wrote (bounded); live while the attempt runs.</summary>
    [Id(7)] public AttemptLog? Log { get; init; }
    /// <summary>True when the job went to the dead-letter queue after this attempt (metered per attempt).</summary>
    [Id(8)] public bool DeadLettered { get; init; }
}
