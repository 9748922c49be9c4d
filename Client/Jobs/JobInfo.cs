using System.Text.Json;

namespace Orchestrator.Client.Jobs;

/// <summary>A job with its attempt history.</summary>
public sealed record JobInfo
{
    public required Guid Id { get; init; }
    public required string TenantId { get; init; }
    public required string Type { get; init; }
    public required string Queue { get; init; }
    public int Priority { get; init; }
    public required JobStatus Status { get; init; }
    /// <summary>Why the job is in its status.</summary>
    public string? StatusReason { get; init; }
    public JsonElement Payload { get; init; }
    public DateTimeOffset RunAt { get; init; }
    /// <summary>When the next attempt is due while <see cref="JobStatus.Retrying"/>.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
    /// <summary>Attempts started so far, over the whole history.</summary>
    public int Attempt { get; init; }
    public int MaxAttempts { get; init; }
    /// <summary>Per-attempt timeout.</summary>
    public TimeSpan Timeout { get; init; }
    public required string CorrelationId { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>The handler's result when it succeeded (JSON), else null.</summary>
    public JsonElement? Result { get; init; }
    public string? LastError { get; init; }
    public IReadOnlyList<JobAttemptInfo> Attempts { get; init; } = [];
    public string? IdempotencyKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether the job is done: succeeded, dead-lettered or cancelled (the latter two until retried by hand).</summary>
    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.DeadLettered or JobStatus.Cancelled;

    /// <summary>The result as <typeparamref name="T"/> (camelCase JSON), or default when there is none.</summary>
    public T? ResultAs<T>() =>
        Result is { ValueKind: not JsonValueKind.Null } result ? result.Deserialize<T>(ClientJson.Options) : default;
}
