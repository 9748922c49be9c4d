namespace Orchestrator.Grains.Interfaces.Audit;

/// <summary>A position in the audit log's newest-first order: the last entry's time and id, both descending.</summary>
[GenerateSerializer, Alias("AuditCursor")]
public sealed record AuditCursor([property: Id(0)] DateTimeOffset At, [property: Id(1)] Guid Id);
