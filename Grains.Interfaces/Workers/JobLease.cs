namespace Orchestrator.Grains.Interfaces.Workers;

/// <summary>A job leased to an external worker: what it needs to run it, and the token that proves the lease.</summary>
[GenerateSerializer, Immutable, Alias("JobLease")]
public sealed record JobLease
{
    [Id(0)] public required Guid JobId { get; init; }
    [Id(1)] public required string Type { get; init; }
    [Id(2)] public required string Queue { get; init; }
    /// <summary>The payload as JSON text.</summary>
    [Id(3)] public required string Payload { get; init; }
    [Id(4)] public required int Attempt { get; init; }
    [Id(5)] public required int MaxAttempts { get; init; }
    [Id(6)] public required string LeaseToken { get; init; }
    [Id(7)] public required DateTimeOffset LeaseExpiresAt { get; init; }
    [Id(8)] public required string CorrelationId { get; init; }
    [Id(9)] public int Priority { get; init; }
}
