namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>A tenant as callers and admins see it.</summary>
[GenerateSerializer, Alias("TenantView")]
public sealed record TenantView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] TenantStatus Status,
    [property: Id(3)] string? BlockedReason,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] bool ShellEnabled);
