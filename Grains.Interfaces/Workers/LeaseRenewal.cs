namespace Orchestrator.Grains.Interfaces.Workers;

/// <summary>A heartbeat's answer: who holds the lease and until when.</summary>
[GenerateSerializer, Immutable, Alias("LeaseRenewal")]
public sealed record LeaseRenewal([property: Id(0)] string WorkerId, [property: Id(1)] DateTimeOffset ExpiresAt);
