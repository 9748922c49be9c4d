namespace Orchestrator.Grains.Interfaces.Workers;

/// <summary>A registered worker as listed by <c>GET /v1/workers</c>.</summary>
[GenerateSerializer, Immutable, Alias("WorkerInfo")]
public sealed record WorkerInfo
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required WorkerRegistration Registration { get; init; }
    [Id(2)] public required WorkerState State { get; init; }
    [Id(3)] public required DateTimeOffset RegisteredAt { get; init; }
    [Id(4)] public DateTimeOffset? LastSeenAt { get; init; }
    /// <summary>Jobs it holds a lease on now, as far as the registry heard (leases, heartbeats and reports).</summary>
    [Id(5)] public IReadOnlyList<Guid> CurrentJobs { get; init; } = [];
}
