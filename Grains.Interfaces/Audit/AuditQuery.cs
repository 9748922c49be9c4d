namespace Orchestrator.Grains.Interfaces.Audit;

/// <summary>A filter over the audit log, newest first (<see cref="AuditEntry.At"/>, then <see cref="AuditEntry.Id"/>), cursor-paginated.</summary>
[GenerateSerializer, Alias("AuditQuery")]
public sealed record AuditQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>Only this tenant's entries; null means every tenant's and the platform-level ones (platform admins only).</summary>
    [Id(0)] public string? TenantId { get; init; }

    /// <summary>Inclusive lower bound of <see cref="AuditEntry.At"/>.</summary>
    [Id(1)] public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive upper bound of <see cref="AuditEntry.At"/>.</summary>
    [Id(2)] public DateTimeOffset? To { get; init; }

    /// <summary>Most entries in the page, 1 to <see cref="MaxLimit"/>; stores clamp values outside that range.</summary>
    [Id(3)] public int Limit { get; init; } = DefaultLimit;

    /// <summary>The position after which to continue, from <see cref="AuditPage.NextCursor"/>.</summary>
    [Id(4)] public AuditCursor? After { get; init; }
}
