namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>What a caller asks for when submitting a job. Defaults are filled in by the job grain.</summary>
[GenerateSerializer, Alias("JobSpec")]
public sealed record JobSpec
{
    /// <summary>The handler that runs the job (<c>noop</c>, <c>http</c>, <c>shell</c> or a registered .NET handler).</summary>
    [Id(0)] public required string Type { get; init; }
    /// <summary>The payload as compact JSON text.</summary>
    [Id(1)] public string Payload { get; init; } = "null";
    [Id(2)] public string Queue { get; init; } = JobLimits.DefaultQueue;
    /// <summary>Higher runs first when executors are saturated.</summary>
    [Id(3)] public int Priority { get; init; }
    /// <summary>Absolute start time; exclusive with <see cref="Delay"/>.</summary>
    [Id(4)] public DateTimeOffset? RunAt { get; init; }
    /// <summary>Start after this delay from acceptance; exclusive with <see cref="RunAt"/>.</summary>
    [Id(5)] public TimeSpan? Delay { get; init; }
    [Id(6)] public int? MaxAttempts { get; init; }
    [Id(7)] public BackoffPolicy? Backoff { get; init; }
    /// <summary>Per-attempt timeout.</summary>
    [Id(8)] public TimeSpan? Timeout { get; init; }
    /// <summary>Empty: the job grain takes the caller's (<see cref="CorrelationContext"/>) or, without one, the job id.</summary>
    [Id(9)] public required string CorrelationId { get; init; }
    [Id(10)] public IReadOnlyList<string> Tags { get; init; } = [];
    [Id(11)] public string? IdempotencyKey { get; init; }
    /// <summary>A hash of the request as submitted; a replay with the same idempotency key must match it.</summary>
    [Id(12)] public string? RequestFingerprint { get; init; }
    /// <summary>The workflow (grain key <c>{tenant}/{workflowId}</c>) this job is a step of, told when the job ends.</summary>
    [Id(13)] public string? WorkflowKey { get; init; }
    /// <summary>The step's name in <see cref="WorkflowKey"/>.</summary>
    [Id(14)] public string? WorkflowStep { get; init; }
    /// <summary>
    /// When this work was due, if that was before its submission (a schedule's fire time); its first attempt's
    /// schedule lateness counts from here. Null: due at <see cref="RunAt"/> when that is later than submission, else not measured.
    /// </summary>
    [Id(15)] public DateTimeOffset? DueAt { get; init; }
}
