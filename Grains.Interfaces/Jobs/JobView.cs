namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>A job as callers see it, with its attempt history.</summary>
[GenerateSerializer, Alias("JobView")]
public sealed record JobView
{
    [Id(0)] public required string TenantId { get; init; }
    [Id(1)] public required Guid Id { get; init; }
    [Id(2)] public required string Type { get; init; }
    [Id(3)] public required string Queue { get; init; }
    [Id(4)] public int Priority { get; init; }
    [Id(5)] public required JobStatus Status { get; init; }
    /// <summary>Why the job is in its status (the last transition's reason).</summary>
    [Id(6)] public string? StatusReason { get; init; }
    [Id(7)] public required string Payload { get; init; }
    [Id(8)] public required DateTimeOffset RunAt { get; init; }
    /// <summary>When the next attempt is due while <see cref="JobStatus.Retrying"/>.</summary>
    [Id(9)] public DateTimeOffset? NextAttemptAt { get; init; }
    /// <summary>Attempts started so far, over the whole history.</summary>
    [Id(10)] public int Attempt { get; init; }
    [Id(11)] public int MaxAttempts { get; init; }
    [Id(12)] public required BackoffPolicy Backoff { get; init; }
    [Id(13)] public TimeSpan Timeout { get; init; }
    [Id(14)] public required string CorrelationId { get; init; }
    [Id(15)] public IReadOnlyList<string> Tags { get; init; } = [];
    [Id(16)] public string? Result { get; init; }
    [Id(17)] public string? LastError { get; init; }
    [Id(18)] public IReadOnlyList<JobAttempt> Attempts { get; init; } = [];
    [Id(19)] public DateTimeOffset CreatedAt { get; init; }
    [Id(20)] public DateTimeOffset UpdatedAt { get; init; }
    [Id(21)] public long Version { get; init; }
    [Id(22)] public string? IdempotencyKey { get; init; }
}
