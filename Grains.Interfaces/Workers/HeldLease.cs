namespace Orchestrator.Grains.Interfaces.Workers;

/// <summary>A job a worker holds a lease on, until when.</summary>
[GenerateSerializer, Immutable, Alias("HeldLease")]
public sealed record HeldLease([property: Id(0)] Guid JobId, [property: Id(1)] DateTimeOffset ExpiresAt);
