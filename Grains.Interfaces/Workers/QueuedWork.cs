namespace Orchestrator.Grains.Interfaces.Workers;

/// <summary>A job waiting in a work queue for an external worker, with what orders it: priority (high first), then due time.</summary>
[GenerateSerializer, Immutable, Alias("QueuedWork")]
public sealed record QueuedWork([property: Id(0)] Guid JobId, [property: Id(1)] int Priority, [property: Id(2)] DateTimeOffset DueAt);
