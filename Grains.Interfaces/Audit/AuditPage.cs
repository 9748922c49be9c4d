namespace Orchestrator.Grains.Interfaces.Audit;

/// <summary>One page of audit entries, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
[GenerateSerializer, Alias("AuditPage")]
public sealed record AuditPage([property: Id(0)] IReadOnlyList<AuditEntry> Items, [property: Id(1)] AuditCursor? NextCursor);
