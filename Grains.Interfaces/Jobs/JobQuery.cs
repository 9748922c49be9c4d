namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>A filter over one tenant's jobs, newest first, cursor-paginated.</summary>
[GenerateSerializer, Alias("JobQuery")]
public sealed record JobQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    [Id(0)] public required string TenantId { get; init; }
    [Id(1)] public JobStatus? Status { get; init; }
    [Id(2)] public string? Queue { get; init; }
    [Id(3)] public string? Type { get; init; }
    /// <summary>Inclusive lower bound of the creation time.</summary>
    [Id(4)] public DateTimeOffset? From { get; init; }
    /// <summary>Exclusive upper bound of the creation time.</summary>
    [Id(5)] public DateTimeOffset? To { get; init; }
    [Id(6)] public int Limit { get; init; } = DefaultLimit;
    /// <summary>The position after which to continue, from <see cref="JobPage.NextCursor"/>.</summary>
    [Id(7)] public JobCursor? After { get; init; }
    /// <summary>Only jobs carrying this tag (exact match).</summary>
    [Id(8)] public string? Tag { get; init; }
}

/// <summary>A position in the newest-first order: creation time, then job id, both descending.</summary>
[GenerateSerializer, Alias("JobCursor")]
public sealed record JobCursor([property: Id(0)] DateTimeOffset CreatedAt, [property: Id(1)] Guid JobId);

/// <summary>One page of job summaries; <see cref="NextCursor"/> is null on the last page.</summary>
[GenerateSerializer, Alias("JobPage")]
public sealed record JobPage([property: Id(0)] IReadOnlyList<JobSummary> Items, [property: Id(1)] JobCursor? NextCursor);

/// <summary>A job in a list: no payload, no attempt history.</summary>
[GenerateSerializer, Alias("JobSummary")]
public sealed record JobSummary
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required string Type { get; init; }
    [Id(2)] public required string Queue { get; init; }
    [Id(3)] public int Priority { get; init; }
    [Id(4)] public JobStatus Status { get; init; }
    [Id(5)] public int Attempt { get; init; }
    [Id(6)] public int MaxAttempts { get; init; }
    [Id(7)] public DateTimeOffset RunAt { get; init; }
    [Id(8)] public DateTimeOffset CreatedAt { get; init; }
    [Id(9)] public DateTimeOffset UpdatedAt { get; init; }
    [Id(10)] public string? LastError { get; init; }
    [Id(11)] public required string CorrelationId { get; init; }
    [Id(12)] public IReadOnlyList<string> Tags { get; init; } = [];
}
