namespace Orchestrator.Client.Jobs;

/// <summary>A job in a list: no payload, no attempt history.</summary>
public sealed record JobListItem
{
    public required Guid Id { get; init; }
    public required string Type { get; init; }
    public required string Queue { get; init; }
    public int Priority { get; init; }
    public JobStatus Status { get; init; }
    public int Attempt { get; init; }
    public int MaxAttempts { get; init; }
    public DateTimeOffset RunAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string? LastError { get; init; }
    public required string CorrelationId { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
}
