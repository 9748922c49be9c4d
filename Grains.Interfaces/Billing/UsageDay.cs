namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>
/// A tenant's metered usage of one UTC day. Attempts count on the day they started. <see cref="Executions"/> counts
/// every attempt; <see cref="Retries"/> those after a job's first; so jobs run = executions − retries.
/// </summary>
[GenerateSerializer, Alias("UsageDay")]
public sealed record UsageDay
{
    [Id(0)] public required string TenantId { get; init; }
    [Id(1)] public required DateOnly Day { get; init; }
    /// <summary>Jobs accepted (submitted) that day: what the job quotas count.</summary>
    [Id(2)] public long JobsAccepted { get; init; }
    [Id(3)] public long Executions { get; init; }
    [Id(4)] public long Retries { get; init; }
    /// <summary>Attempts that failed or timed out.</summary>
    [Id(5)] public long Failures { get; init; }
    /// <summary>Attempts after which the job went to the dead-letter queue.</summary>
    [Id(6)] public long DeadLetters { get; init; }
    [Id(7)] public long ExecutionMilliseconds { get; init; }

    /// <summary>Jobs run (first attempts): what billing charges above the included jobs.</summary>
    public long JobsRun => Executions - Retries;
}
